using System.Collections.Concurrent;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Grains.Scenarios;

/// <summary>
/// The compiled models of stored scenarios, by content hash, shared by the activations of one silo.
/// A stored scenario is re-validated from its YAML (and its ancestors') on first use, so a silo never
/// trusts anything but the text whose hash it was given.
/// </summary>
public sealed class ScenarioCatalog(ScenarioStore store)
{
    private readonly ConcurrentDictionary<string, Lazy<CompiledModel>> _models = new(StringComparer.Ordinal);

    public CompiledModel Get(string sha256) =>
        _models.GetOrAdd(sha256, sha => new Lazy<CompiledModel>(() => Compile(sha))).Value;

    public StoredScenario GetStored(string sha256) =>
        store.Get(sha256) ?? throw new KeyNotFoundException($"no stored scenario with sha256 {sha256}");

    private CompiledModel Compile(string sha256)
    {
        var stored = GetStored(sha256);
        // Ancestors are stored in extends order; the loader asks for them in that same order.
        int next = 0;
        var scenario = ScenarioLoader.Load(stored.Yaml, stored.FileName, _ =>
            next < stored.Ancestors.Count ? (stored.Ancestors[next].Yaml, stored.Ancestors[next++].FileName) : null);
        if (scenario.Sha256 != sha256)
            throw new InvalidDataException($"stored scenario {stored.Id} hashes to {scenario.Sha256}, not {sha256}");
        return new CompiledModel(scenario);
    }
}
