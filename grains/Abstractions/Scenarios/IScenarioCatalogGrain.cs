namespace ScenarioGrid.Grains;

/// <summary>
/// The cluster's one writer of stored scenarios (key <see cref="Key"/>). It validates a scenario from its text
/// and stores it with the files it extends; reads go through the query library.
/// </summary>
public interface IScenarioCatalogGrain : IGrainWithStringKey
{
    /// <summary>The catalog's grain key: there is one catalog per cluster.</summary>
    public const string Key = "catalog";

    /// <summary>
    /// Validates and stores <paramref name="upload"/>; storing the same text again returns the stored copy.
    /// An invalid scenario is not stored: the result lists every error of the file and its ancestors.
    /// </summary>
    Task<ScenarioAdded> Add(ScenarioUpload upload, CancellationToken cancellationToken = default);
}

/// <summary>One scenario file as read: its name (as <c>extends</c> refers to it) and its text.</summary>
[GenerateSerializer, Immutable, Alias("sg.ScenarioFile")]
public sealed record ScenarioFile(string FileName, string Yaml);

/// <summary>
/// A scenario to store. <see cref="Ancestors"/> are the files it extends, parent first, as the client read
/// them (the CLI, from its folder); when null, an <c>extends</c> names the newest stored scenario with that id.
/// </summary>
[GenerateSerializer, Immutable, Alias("sg.ScenarioUpload")]
public sealed record ScenarioUpload(ScenarioFile File, IReadOnlyList<ScenarioFile>? Ancestors = null);

/// <summary>The stored scenario (null when invalid) and the validation errors (empty when valid).</summary>
[GenerateSerializer, Immutable, Alias("sg.ScenarioAdded")]
public sealed record ScenarioAdded(StoredScenarioRef? Scenario, IReadOnlyList<ScenarioError> Errors);

/// <summary>A stored scenario's identity: its content hash, id and name.</summary>
[GenerateSerializer, Immutable, Alias("sg.StoredScenarioRef")]
public sealed record StoredScenarioRef(string Sha256, string Id, string Name);

/// <summary>One validation error: where (file, line, column, parameter path), the value found and the rule broken.</summary>
[GenerateSerializer, Immutable, Alias("sg.ScenarioError")]
public sealed record ScenarioError(string File, int Line, int Column, string Path, string? Value, string Rule)
{
    /// <summary>As the engine prints a validation error: <c>file:line:column: path: value — rule</c>.</summary>
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Path.Length == 0 ? "(root)" : Path)}: {Value ?? "(missing)"} — {Rule}";
}
