using ScenarioGrid.Grains;

namespace ScenarioGrid.Queries;

/// <summary>A row of <c>scenarios</c> as Dapper reads it (timestamps still text).</summary>
internal sealed class ScenarioRow
{
    public string Sha256 { get; set; } = "";
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Yaml { get; set; } = "";
    public string FileName { get; set; } = "";
    public string CreatedAt { get; set; } = "";

    public StoredScenario ToScenario(IReadOnlyList<ScenarioFile> ancestors) =>
        new(Sha256, Id, Name, Yaml, FileName, IsoTime.Parse(CreatedAt)) { Ancestors = ancestors };
}
