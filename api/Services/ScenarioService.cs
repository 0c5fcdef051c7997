using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Services;

/// <summary>Stored scenarios: read through the query library, stored through the scenario catalog grain.</summary>
public sealed class ScenarioService(ScenarioQueries scenarios, ScenarioModels models, IGrainFactory grains)
{
    public IReadOnlyList<StoredScenario> List() => scenarios.List();

    /// <summary>The newest stored version of the scenario with this id, or null.</summary>
    public StoredScenario? Latest(string id) => scenarios.Latest(id);

    public StoredScenario? BySha256(string sha256) => scenarios.Get(sha256);

    /// <summary>The stored scenarios among these hashes, in one query.</summary>
    public IReadOnlyDictionary<string, StoredScenario> BySha256(IReadOnlyCollection<string> sha256s) => scenarios.Get(sha256s);

    /// <summary>
    /// The stored version of the file <paramref name="scenario"/> extends: the one whose text and ancestors are
    /// the ones stored with it (found by its SHA-256, which the loader computes over those texts). Null when it
    /// extends nothing or that version was never stored on its own.
    /// </summary>
    public StoredScenario? Parent(StoredScenario scenario)
    {
        if (scenario.Ancestors.Count == 0) return null;
        var parent = scenario.Ancestors[0];
        int next = 1;
        string sha = ScenarioLoader.Load(parent.Yaml, parent.FileName, _ =>
            next < scenario.Ancestors.Count ? (scenario.Ancestors[next].Yaml, scenario.Ancestors[next++].FileName) : null).Sha256;
        return scenarios.Get(sha);
    }

    /// <summary>The compiled model of a stored scenario (validated again from its text once per process, then cached).</summary>
    public CompiledModel Model(string sha256) => models.Get(sha256);

    /// <summary>A member of the stored file's strategy set (null or "base": the file); an unknown strategy is BAD_INPUT.</summary>
    public CompiledModel Model(string sha256, string? strategy)
    {
        try { return models.Get(sha256, strategy); }
        catch (ArgumentException e) { throw ApiErrors.BadInput(e.Message); }
    }

    /// <summary>
    /// Validates <paramref name="yaml"/> (an <c>extends</c> parent is the newest stored scenario with that id) and
    /// stores it with its ancestors, through the catalog grain. Storing the same text again returns the stored copy.
    /// </summary>
    /// <returns>The stored scenario, or the validation errors of the text and its ancestors.</returns>
    public async Task<(StoredScenario? Scenario, IReadOnlyList<ScenarioError> Errors)> Create(string yaml, string? fileName)
    {
        var added = await grains.GetGrain<IScenarioCatalogGrain>(IScenarioCatalogGrain.Key)
            .Add(new ScenarioUpload(new ScenarioFile(fileName ?? "", yaml)));
        if (added.Scenario is not { } stored) return (null, added.Errors);
        return (scenarios.Get(stored.Sha256) ?? throw new InvalidOperationException($"scenario {stored.Sha256} was stored but cannot be read"), []);
    }
}
