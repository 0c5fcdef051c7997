namespace ScenarioGrid.Persistence;

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
    public IReadOnlyList<ScenarioSource> Ancestors { get; init; } = [];

    /// <summary>A loaded scenario as stored: the texts it was read from (<c>Scenario.Sources</c>), file names without folders.</summary>
    public static StoredScenario From(ScenarioGrid.Engine.Model.Scenario scenario, DateTimeOffset createdAt)
    {
        var file = scenario.Sources[0];
        return new StoredScenario(scenario.Sha256, scenario.Id, scenario.Name, file.Text, System.IO.Path.GetFileName(file.FileName), createdAt)
        {
            Ancestors = scenario.Sources.Skip(1).Select(s => new ScenarioSource(System.IO.Path.GetFileName(s.FileName), s.Text)).ToList(),
        };
    }
}
