using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Grains.Scenarios;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Api.Services;

/// <summary>Stored scenarios: listing, lookup, and validation plus storage of new ones; compiled models by hash.</summary>
public sealed class ScenarioService(ScenarioStore store, ScenarioCatalog catalog)
{
    public IReadOnlyList<StoredScenario> List() => store.List();

    /// <summary>The newest stored version of the scenario with this id, or null.</summary>
    public StoredScenario? Latest(string id) => store.GetLatest(id);

    public StoredScenario? BySha256(string sha256) => store.Get(sha256);

    /// <summary>The compiled model of a stored scenario (validated again from its text once per process, then cached).</summary>
    public CompiledModel Model(string sha256) => catalog.Get(sha256);

    /// <summary>
    /// Validates <paramref name="yaml"/> through the loader (an <c>extends</c> parent is the newest stored scenario
    /// with that id) and stores it with its ancestors. Storing the same text again returns the stored copy.
    /// </summary>
    /// <exception cref="ScenarioValidationException">with every error of the text and its ancestors.</exception>
    public StoredScenario Create(string yaml, string? fileName)
    {
        string name = string.IsNullOrWhiteSpace(fileName) ? "scenario.yaml" : Path.GetFileName(fileName.Trim());
        var scenario = ScenarioLoader.Load(yaml, name, id => store.GetLatest(id) is { } parent ? (parent.Yaml, parent.FileName) : null);
        store.Save(StoredScenario.From(scenario, DateTimeOffset.UtcNow));
        return store.Get(scenario.Sha256) ?? throw new InvalidOperationException($"scenario {scenario.Sha256} vanished after saving");
    }
}
