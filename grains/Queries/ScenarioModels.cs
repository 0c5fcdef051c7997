using System.Collections.Concurrent;
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

    /// <exception cref="KeyNotFoundException">No stored scenario has this hash.</exception>
    public CompiledModel Get(string sha256) =>
        _models.GetOrAdd(sha256, sha => new Lazy<CompiledModel>(() => Compile(sha))).Value;

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
