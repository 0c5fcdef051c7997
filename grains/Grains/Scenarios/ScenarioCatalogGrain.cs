using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Persistence;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Scenarios;

/// <summary>
/// The cluster's one writer of scenarios: validates an uploaded scenario from its text (with the files it
/// extends, given or stored) and stores it. One activation serialises the writes, so "the newest stored
/// version of an id", which an <c>extends</c> names, changes only here.
/// </summary>
public sealed class ScenarioCatalogGrain(ScenarioStore store, ScenarioQueries scenarios) : Grain, IScenarioCatalogGrain
{
    public async Task<ScenarioAdded> Add(ScenarioUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        Scenario scenario;
        try
        {
            scenario = await Task.Run(() => Load(upload), cancellationToken);
        }
        catch (ScenarioValidationException e)
        {
            return new ScenarioAdded(null, [.. e.Errors.Select(x => new ScenarioError(x.File, x.Line, x.Column, x.Path, x.Value, x.Rule))]);
        }
        await store.Save(StoredScenario.From(scenario, DateTimeOffset.UtcNow));
        // Storing the same text again keeps the first copy: answer with what is stored.
        var stored = await Task.Run(() => scenarios.Get(scenario.Sha256), cancellationToken)
            ?? throw new InvalidOperationException($"scenario {scenario.Sha256} vanished after saving");
        return new ScenarioAdded(stored.Ref, []);
    }

    private Scenario Load(ScenarioUpload upload)
    {
        string name = string.IsNullOrWhiteSpace(upload.File.FileName) ? "scenario.yaml" : Path.GetFileName(upload.File.FileName.Trim());
        if (upload.Ancestors is not { } ancestors)
            return ScenarioLoader.Load(upload.File.Yaml, name, id => scenarios.Latest(id) is { } parent ? (parent.Yaml, parent.FileName) : null);
        // The client's own files, in extends order: the loader asks for them in that same order.
        int next = 0;
        return ScenarioLoader.Load(upload.File.Yaml, name, _ =>
            next < ancestors.Count ? (ancestors[next].Yaml, ancestors[next++].FileName) : null);
    }
}
