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
}
