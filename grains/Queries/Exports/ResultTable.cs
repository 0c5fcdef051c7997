namespace ScenarioGrid.Queries.Exports;

/// <summary>
/// The tables a finished batch exports, one per file. Milestones are one table in long form (one row per
/// entity × milestone × year, with that milestone's probabilityByEnd, p10, p50 and p90 repeated on each of its
/// rows), so that a reader needs no join and a Parquet file holds one table. Steps (model v2) are the step series,
/// empty for a v1 batch; StrategyComparisons only a strategy-set batch has. A set's other tables are tidy long tables
/// of every member, with a leading <c>strategy</c> column.
/// </summary>
public enum ResultTable { Series, Milestones, Comparisons, Steps, StrategyComparisons }

/// <summary>CSV (RFC 4180, UTF-8 without BOM) or Parquet (typed columns, nulls as nulls).</summary>
public enum ExportFormat { Csv, Parquet }

public static class ResultExportFiles
{
    /// <summary>The tables of a batch of a single run.</summary>
    public static readonly IReadOnlyList<ResultTable> Tables = [ResultTable.Series, ResultTable.Milestones, ResultTable.Comparisons, ResultTable.Steps];

    /// <summary>The tables of a strategy-set batch (model v2).</summary>
    public static readonly IReadOnlyList<ResultTable> SetTables = [.. Tables, ResultTable.StrategyComparisons];
    public static readonly IReadOnlyList<ExportFormat> Formats = [ExportFormat.Csv, ExportFormat.Parquet];

    /// <summary><c>series.csv</c>, <c>milestones.parquet</c>, <c>strategy-comparisons.csv</c>, …</summary>
    public static string FileName(ResultTable table, ExportFormat format) =>
        (table == ResultTable.StrategyComparisons ? "strategy-comparisons" : table.ToString().ToLowerInvariant()) + Extension(format);

    /// <summary>The field of GraphQL's <c>Batch.exports</c> that links a table's file: <c>seriesCsv</c>, <c>strategyComparisonsParquet</c>, …</summary>
    public static string LinkField(ResultTable table, ExportFormat format) =>
        char.ToLowerInvariant(table.ToString()[0]) + table.ToString()[1..] + format;

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? ".csv" : ".parquet";

    public static string ContentType(ExportFormat format) =>
        format == ExportFormat.Csv ? "text/csv; charset=utf-8; header=present" : "application/vnd.apache.parquet";

    /// <summary>The table and format a file name such as <c>series.csv</c> names; false for any other name.</summary>
    public static bool TryParse(string fileName, out ResultTable table, out ExportFormat format)
    {
        foreach (var t in SetTables)
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
