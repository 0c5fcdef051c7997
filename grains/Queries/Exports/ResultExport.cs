using System.Text;
using Parquet;
using Parquet.Schema;
using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Queries.Exports;

/// <summary>
/// Writes a finished batch's stored results as CSV or Parquet, one table per file, rows in saved order.
/// It lives in the query library, next to the reads it formats, because the API (HTTP exports) and the CLI
/// (<c>results --csv/--parquet</c>) both need it and both already read through this library; it holds no
/// maths (the numbers are the stored <see cref="BatchResult"/>'s, unchanged), so it does not belong in the engine.
/// </summary>
public static class ResultExport
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static Task WriteAsync(BatchResult result, ResultTable table, ExportFormat format, Stream output,
        CancellationToken cancellationToken = default) => table switch
    {
        ResultTable.Series => WriteAsync(ResultTableShapes.Series, result.Series, format, output, cancellationToken),
        ResultTable.Milestones => WriteAsync(ResultTableShapes.Milestones, ResultTableShapes.MilestoneRows(result.Milestones), format, output, cancellationToken),
        ResultTable.Comparisons => WriteAsync(ResultTableShapes.Comparisons, result.Comparisons, format, output, cancellationToken),
        ResultTable.Steps => WriteAsync(ResultTableShapes.Steps, result.Steps ?? [], format, output, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(table), $"a single run has no {table} table"),
    };

    /// <summary>
    /// A strategy set's table (model v2): the per-run tables as one tidy long table of every member, with a leading
    /// <c>strategy</c> column (members in member order, base first), and the cross-member comparisons.
    /// </summary>
    public static Task WriteAsync(SetResult set, ResultTable table, ExportFormat format, Stream output,
        CancellationToken cancellationToken = default) => table switch
    {
        ResultTable.Series => WriteAsync(ResultTableShapes.OfMembers(ResultTableShapes.Series),
            ResultTableShapes.MemberRows(set, m => m.Series), format, output, cancellationToken),
        ResultTable.Milestones => WriteAsync(ResultTableShapes.OfMembers(ResultTableShapes.Milestones),
            ResultTableShapes.MemberRows(set, m => ResultTableShapes.MilestoneRows(m.Milestones)), format, output, cancellationToken),
        ResultTable.Comparisons => WriteAsync(ResultTableShapes.OfMembers(ResultTableShapes.Comparisons),
            ResultTableShapes.MemberRows(set, m => m.Comparisons), format, output, cancellationToken),
        ResultTable.Steps => WriteAsync(ResultTableShapes.OfMembers(ResultTableShapes.Steps),
            ResultTableShapes.MemberRows(set, m => m.Steps), format, output, cancellationToken),
        ResultTable.StrategyComparisons => WriteAsync(ResultTableShapes.StrategyComparisons, set.StrategyComparisons, format, output, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    /// <summary>Writes every table in every format asked for into <paramref name="folder"/> (created if need be); returns the paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteFilesAsync(BatchResult result, string folder, IReadOnlyList<ExportFormat> formats,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var format in formats)
            foreach (var table in ResultExportFiles.Tables)
            {
                string path = Path.Combine(folder, ResultExportFiles.FileName(table, format));
                await using (var file = File.Create(path))
                    await WriteAsync(result, table, format, file, cancellationToken);
                paths.Add(path);
            }
        return paths;
    }

    /// <summary>A strategy set's <see cref="WriteFilesAsync(BatchResult, string, IReadOnlyList{ExportFormat}, CancellationToken)"/>: every table of a set.</summary>
    public static async Task<IReadOnlyList<string>> WriteFilesAsync(SetResult set, string folder, IReadOnlyList<ExportFormat> formats,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var format in formats)
            foreach (var table in ResultExportFiles.SetTables)
            {
                string path = Path.Combine(folder, ResultExportFiles.FileName(table, format));
                await using (var file = File.Create(path))
                    await WriteAsync(set, table, format, file, cancellationToken);
                paths.Add(path);
            }
        return paths;
    }

    private static Task WriteAsync<TRow>(IReadOnlyList<ExportColumn<TRow>> columns, IReadOnlyList<TRow> rows, ExportFormat format,
        Stream output, CancellationToken cancellationToken) =>
        format == ExportFormat.Csv ? WriteCsvAsync(columns, rows, output, cancellationToken) : WriteParquetAsync(columns, rows, output, cancellationToken);

    private static async Task WriteCsvAsync<TRow>(IReadOnlyList<ExportColumn<TRow>> columns, IReadOnlyList<TRow> rows, Stream output,
        CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Csv.Line(columns.Select(c => c.Name)));
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(Csv.Line(columns.Select(c => c.Text(row))));
        }
    }

    private static async Task WriteParquetAsync<TRow>(IReadOnlyList<ExportColumn<TRow>> columns, IReadOnlyList<TRow> rows, Stream output,
        CancellationToken cancellationToken)
    {
        // The writer seeks (footer after the data); an HTTP response body cannot, so such output gets a buffer.
        var target = output.CanSeek ? output : new MemoryStream();
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray());
        await using (var writer = await ParquetWriter.CreateAsync(schema, target, cancellationToken: cancellationToken))
        {
            using var rowGroup = writer.CreateRowGroup();
            foreach (var column in columns) await column.WriteAsync(rowGroup, rows, cancellationToken);
        }
        if (!ReferenceEquals(target, output))
        {
            target.Position = 0;
            await target.CopyToAsync(output, cancellationToken);
        }
    }
}

/// <summary>RFC 4180 fields: quoted when they hold a comma, a quote, CR or LF; quotes doubled.</summary>
public static class Csv
{
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Field));
}
