using ScenarioGrid.Queries.Exports;

namespace ScenarioGrid.Cli.Commands;

/// <summary>
/// <c>--csv DIR</c> and <c>--parquet DIR</c> of <c>results</c>: the folders that get <c>series</c>,
/// <c>milestones</c> and <c>comparisons</c> in that format. A folder, not one file: a Parquet file holds one
/// table, and the three tables have different columns.
/// </summary>
public sealed record ExportFolders(string? Csv, string? Parquet)
{
    public static ExportFolders From(Arguments a) => new(a.String("csv"), a.String("parquet"));

    public IEnumerable<(ExportFormat Format, string Folder)> Requested()
    {
        if (Csv is not null) yield return (ExportFormat.Csv, Csv);
        if (Parquet is not null) yield return (ExportFormat.Parquet, Parquet);
    }
}
