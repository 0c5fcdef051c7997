using ScenarioGrid.Grains;

namespace ScenarioGrid.Queries;

/// <summary>
/// A scenario exactly as submitted, keyed by the SHA-256 of its text (and its ancestors'). Immutable:
/// saving the same hash again keeps the first copy.
/// </summary>
public sealed record StoredScenario(string Sha256, string Id, string Name, string Yaml, string FileName, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The files <see cref="Yaml"/> extends, in extends order (its parent first, then the parent's parent),
    /// which is the order the loader asks for them. Empty when it extends nothing. Without them a scenario
    /// with <c>extends</c> cannot be reloaded.
    /// </summary>
    public IReadOnlyList<ScenarioFile> Ancestors { get; init; } = [];

    /// <summary>A loaded scenario as stored: the texts it was read from (<c>Scenario.Sources</c>), file names without folders.</summary>
    public static StoredScenario From(ScenarioGrid.Engine.Model.Scenario scenario, DateTimeOffset createdAt)
    {
        var file = scenario.Sources[0];
        return new StoredScenario(scenario.Sha256, scenario.Id, scenario.Name, file.Text, System.IO.Path.GetFileName(file.FileName), createdAt)
        {
            Ancestors = scenario.Sources.Skip(1).Select(s => new ScenarioFile(System.IO.Path.GetFileName(s.FileName), s.Text)).ToList(),
        };
    }

    /// <summary>The scenario's identity as the grain contracts carry it.</summary>
    public StoredScenarioRef Ref => new(Sha256, Id, Name);
}

public static class ScenarioUploads
{
    /// <summary>A scenario loaded from files, as an upload for the catalog grain: its file and the files it extends.</summary>
    public static ScenarioUpload ToUpload(this ScenarioGrid.Engine.Model.Scenario scenario)
    {
        var stored = StoredScenario.From(scenario, DateTimeOffset.UtcNow);
        return new ScenarioUpload(new ScenarioFile(stored.FileName, stored.Yaml), stored.Ancestors);
    }
}
