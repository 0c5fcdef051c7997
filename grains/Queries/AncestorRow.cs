namespace ScenarioGrid.Queries;

/// <summary>A row of <c>scenario_ancestors</c> as Dapper reads it.</summary>
internal sealed class AncestorRow
{
    public string Sha256 { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Yaml { get; set; } = "";
}
