using System.Collections.Concurrent;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Queries;

/// <summary>
/// The compiled models of stored scenarios, by content hash, shared by everything in one process (batch and
/// worker grains, the API's analyses). A stored scenario is re-validated from its YAML (and its ancestors')
/// on first use, so nothing trusts anything but the text whose hash it was given.
/// </summary>
public sealed class ScenarioModels(ScenarioQueries scenarios)
{
    private readonly ConcurrentDictionary<string, Lazy<CompiledModel>> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), Lazy<CompiledModel>> _members = new();
    private readonly ConcurrentDictionary<string, Lazy<StrategySet>> _sets = new(StringComparer.Ordinal);

    /// <exception cref="KeyNotFoundException">No stored scenario has this hash.</exception>
    public CompiledModel Get(string sha256) =>
        _models.GetOrAdd(sha256, sha => new Lazy<CompiledModel>(() => Compile(sha))).Value;

    /// <summary>
    /// One member of a stored file's strategy set (model-spec-v2 §2.3), compiled: <c>base</c> (or null) is the file
    /// itself, any other id the file with that strategy's <c>set</c> applied.
    /// </summary>
    /// <exception cref="ArgumentException">The file has no strategy with this id.</exception>
    public CompiledModel Get(string sha256, string? strategy)
    {
        if (strategy is null or "base") return Get(sha256);
        var file = Get(sha256).Scenario;
        var member = file.Member(strategy); // throws for an unknown id, before anything is cached
        return _members.GetOrAdd((sha256, strategy), _ => new Lazy<CompiledModel>(() => new CompiledModel(member))).Value;
    }

    /// <summary>The strategy set of a stored file: every member compiled (base first), with its cross-member comparisons.</summary>
    /// <exception cref="ArgumentException">The file has no strategies.</exception>
    public StrategySet Set(string sha256)
    {
        var file = Get(sha256).Scenario;
        if (file.Strategies.Count == 0) throw new ArgumentException($"scenario '{file.Id}' has no strategies");
        return _sets.GetOrAdd(sha256, _ => new Lazy<StrategySet>(() => new StrategySet(file))).Value;
    }

    private CompiledModel Compile(string sha256)
    {
        var stored = scenarios.Get(sha256) ?? throw new KeyNotFoundException($"no stored scenario with sha256 {sha256}");
        // Ancestors are stored in extends order; the loader asks for them in that same order.
        int next = 0;
        var scenario = ScenarioLoader.Load(stored.Yaml, stored.FileName, _ =>
            next < stored.Ancestors.Count ? (stored.Ancestors[next].Yaml, stored.Ancestors[next++].FileName) : null);
        if (scenario.Sha256 != sha256)
            throw new InvalidDataException($"stored scenario {stored.Id} hashes to {scenario.Sha256}, not {sha256}");
        return new CompiledModel(scenario);
    }
}
