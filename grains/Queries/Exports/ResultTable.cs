namespace ScenarioGrid.Queries.Exports;

/// <summary>
/// The tables a finished batch exports, one per file. Milestones are one table in long form (one row per
/// entity × milestone × year, with that milestone's probabilityByEnd, p10, p50 and p90 repeated on each of its
/// rows), so that a reader needs no join and a Parquet file holds one table.
/// </summary>
public enum ResultTable { Series, Milestones, Comparisons }

/// <summary>CSV (RFC 4180, UTF-8 without BOM) or Parquet (typed columns, nulls as nulls).</summary>
public enum ExportFormat { Csv, Parquet }

public static class ResultExportFiles
{
    public static readonly IReadOnlyList<ResultTable> Tables = [ResultTable.Series, ResultTable.Milestones, ResultTable.Comparisons];
    public static readonly IReadOnlyList<ExportFormat> Formats = [ExportFormat.Csv, ExportFormat.Parquet];

    /// <summary><c>series.csv</c>, <c>milestones.parquet</c>, …</summary>
    public static string FileName(ResultTable table, ExportFormat format) =>
        table.ToString().ToLowerInvariant() + Extension(format);

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? ".csv" : ".parquet";

    public static string ContentType(ExportFormat format) =>
        format == ExportFormat.Csv ? "text/csv; charset=utf-8; header=present" : "application/vnd.apache.parquet";

    /// <summary>The table and format a file name such as <c>series.csv</c> names; false for any other name.</summary>
    public static bool TryParse(string fileName, out ResultTable table, out ExportFormat format)
    {
        foreach (var t in Tables)
            foreach (var f in Formats)
                if (string.Equals(fileName, FileName(t, f), StringComparison.Ordinal))
                {
                    (table, format) = (t, f);
                    return true;
                }
        (table, format) = (default, default);
        return false;
    }
}
