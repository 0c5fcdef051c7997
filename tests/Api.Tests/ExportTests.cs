using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Parquet;
using Parquet.Schema;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Queries;
using ScenarioGrid.Queries.Exports;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// Exports of the fixture's completed batch (docs/api.md, "Exports"): every table as CSV and Parquet, read back
/// with an RFC 4180 parser and Parquet.Net's reader, equals the stored result row for row, null for null and
/// double for double (bits); the expected rows are built here from the <see cref="BatchResult"/>, not by the export code.
/// </summary>
[Collection("api")]
public sealed class ExportTests(ApiFixture fixture)
{
    internal static readonly string[] Files =
        ["series.csv", "series.parquet", "milestones.csv", "milestones.parquet", "comparisons.csv", "comparisons.parquet"];

    private BatchResult Stored => fixture.Factory.Services.GetRequiredService<ResultQueries>().Document(fixture.BatchId)!;

    [Theory]
    [InlineData("series.csv")]
    [InlineData("series.parquet")]
    [InlineData("milestones.csv")]
    [InlineData("milestones.parquet")]
    [InlineData("comparisons.csv")]
    [InlineData("comparisons.parquet")]
    public async Task An_export_read_back_equals_the_stored_result(string file)
    {
        var response = await fixture.Client.Http.GetAsync($"/batches/{fixture.BatchId}/exports/{file}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        string table = file[..file.IndexOf('.')];
        var (header, types, expected) = Expected(Stored, table);
        Assert.NotEmpty(expected);

        IReadOnlyList<object?[]> actual;
        if (file.EndsWith(".csv", StringComparison.Ordinal))
        {
            Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
            Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no BOM");
            var lines = ParseCsv(Encoding.UTF8.GetString(bytes));
            Assert.Equal(header, lines[0]);
            actual = [.. lines.Skip(1).Select(fields => fields.Select((f, i) => FromCsv(f, types[i])).ToArray())];
        }
        else
        {
            Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType!.MediaType);
            actual = await ReadParquet(bytes, header, types);
        }
        Assert.Equal(expected.Count, actual.Count);
        for (int r = 0; r < expected.Count; r++)
            for (int c = 0; c < header.Length; c++)
                AssertSame(expected[r][c], actual[r][c], $"{table} row {r} column {header[c]}");
    }

    [Fact]
    public async Task The_graphql_links_resolve_to_the_export_files()
    {
        var links = (await fixture.Client.Post("""
            query($id: ID!) { batch(id: $id) { exports { seriesCsv seriesParquet milestonesCsv milestonesParquet comparisonsCsv comparisonsParquet } } }
            """, new { id = fixture.BatchId })).AssertOk().Data["batch"]!["exports"]!;
        string[] fields = ["seriesCsv", "seriesParquet", "milestonesCsv", "milestonesParquet", "comparisonsCsv", "comparisonsParquet"];
        for (int i = 0; i < fields.Length; i++)
        {
            string link = links[fields[i]]!.GetValue<string>();
            Assert.Equal($"/batches/{fixture.BatchId}/exports/{Files[i]}", link);
            var response = await fixture.Client.Http.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(await Written(Files[i]), await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Unknown_batches_and_files_are_404_and_an_unfinished_batch_is_409()
    {
        var unknownBatch = await fixture.Client.Http.GetAsync("/batches/b-nope/exports/series.csv");
        Assert.Equal(HttpStatusCode.NotFound, unknownBatch.StatusCode);
        Assert.Contains("no batch 'b-nope'", await unknownBatch.Content.ReadAsStringAsync());
        var unknownFile = await fixture.Client.Http.GetAsync($"/batches/{fixture.BatchId}/exports/series.xlsx");
        Assert.Equal(HttpStatusCode.NotFound, unknownFile.StatusCode);

        string id = await fixture.Client.Submit("sulfide-vs-oxide", 1_000_000_000, 1);
        try
        {
            var early = await fixture.Client.Http.GetAsync($"/batches/{id}/exports/series.parquet");
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            string body = await early.Content.ReadAsStringAsync();
            Assert.Contains("NOT_READY", body);
            Assert.Contains("exports exist once it has completed", body);
            var exports = (await fixture.Client.Post("query($id: ID!) { batch(id: $id) { exports { seriesCsv } } }", new { id }))
                .AssertOk().Data["batch"]!["exports"];
            Assert.Null(exports);
        }
        finally
        {
            (await fixture.Client.Post("mutation($id: ID!) { cancelBatch(id: $id) { id } }", new { id })).AssertOk();
        }
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.Client.Http.GetAsync($"/batches/{id}/exports/series.csv")).StatusCode);
    }

    [Fact]
    public async Task The_cli_writes_the_same_files_the_api_serves()
    {
        string folder = TestPaths.TempFolder();
        try
        {
            string csv = Path.Combine(folder, "csv"), parquet = Path.Combine(folder, "parquet");
            var (exit, output, error) = CliRunner.Run("results", fixture.BatchId, "--db", fixture.Factory.DatabasePath, "--csv", csv, "--parquet", parquet);
            Assert.True(exit == 0, output + error);
            foreach (string file in Files)
            {
                string path = Path.Combine(file.EndsWith(".csv", StringComparison.Ordinal) ? csv : parquet, file);
                Assert.Contains("wrote " + path, output);
                var served = await fixture.Client.Http.GetByteArrayAsync($"/batches/{fixture.BatchId}/exports/{file}");
                Assert.Equal(served, await File.ReadAllBytesAsync(path));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Csv_fields_with_a_comma_a_quote_or_a_line_break_are_quoted()
    {
        Assert.Equal("route:sulfide", Csv.Field("route:sulfide"));
        Assert.Equal("\"a,b\"", Csv.Field("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", Csv.Field("say \"hi\""));
        Assert.Equal("\"two\r\nlines\"", Csv.Field("two\r\nlines"));
        Assert.Equal(["a,b", "say \"hi\"", "", "x"], ParseCsv(Csv.Line(["a,b", "say \"hi\"", "", "x"]) + "\r\n").Single());
    }

    private async Task<byte[]> Written(string file)
    {
        Assert.True(ResultExportFiles.TryParse(file, out var table, out var format));
        using var stream = new MemoryStream();
        await ResultExport.WriteAsync(Stored, table, format, stream);
        return stream.ToArray();
    }

    private static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;

    private static (string[] Header, Type[] Types, IReadOnlyList<object?[]> Rows) Expected(BatchResult r, string table) => table switch
    {
        "series" => (
            ["entity", "metric", "year", "count", "mean", "stdDev", "min", "max", "p5", "p10", "p25", "p50", "p75", "p90", "p95"],
            [typeof(string), typeof(string), typeof(int), typeof(long), .. Enumerable.Repeat(typeof(double?), 11)],
            [.. r.Series.Select(s => new object?[]
            {
                s.Entity, s.Metric, s.Year, s.Count, Finite(s.Mean), Finite(s.StdDev), Finite(s.Min), Finite(s.Max),
                Finite(s.P5), Finite(s.P10), Finite(s.P25), Finite(s.P50), Finite(s.P75), Finite(s.P90), Finite(s.P95),
            })]),
        "milestones" => (
            ["entity", "milestone", "year", "probability", "probabilityByEnd", "p10", "p50", "p90"],
            [typeof(string), typeof(string), typeof(int), typeof(double), typeof(double), typeof(int?), typeof(int?), typeof(int?)],
            [.. r.Milestones.SelectMany(m => m.ProbabilityByYear.Select(y => new object?[]
            {
                m.Entity, m.Milestone, y.Year, y.Probability, m.ProbabilityByEnd, m.P10, m.P50, m.P90,
            }))]),
        "comparisons" => (
            ["a", "b", "metric", "year", "count", "probabilityALessThanB", "deltaMean", "deltaP10", "deltaP50", "deltaP90"],
            [typeof(string), typeof(string), typeof(string), typeof(int), typeof(long), .. Enumerable.Repeat(typeof(double?), 5)],
            [.. r.Comparisons.Select(c => new object?[]
            {
                c.A, c.B, c.Metric, c.Year, c.Count, Finite(c.ProbabilityALessThanB), Finite(c.DeltaMean),
                Finite(c.DeltaP10), Finite(c.DeltaP50), Finite(c.DeltaP90),
            })]),
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    internal static void AssertSame(object? expected, object? actual, string where)
    {
        if (expected is double e && actual is double a)
            Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a), $"{where}: {e:R} != {a:R}");
        else
            Assert.True(Equals(expected, actual), $"{where}: {expected ?? "null"} != {actual ?? "null"}");
    }

    internal static object? FromCsv(string field, Type type)
    {
        if (type == typeof(OptionalText)) return field.Length == 0 ? null : field;
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null && field.Length == 0) return null;
        var t = underlying ?? type;
        if (t == typeof(string)) return field;
        if (t == typeof(int)) return int.Parse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (t == typeof(long)) return long.Parse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4180: CRLF-terminated records, quoted fields with doubled quotes.</summary>
    internal static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                for (i++; ; i++)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else if (text[i] == '"') { i++; break; }
                    else field.Append(text[i]);
                }
            }
            else if (text[i] == ',') { fields.Add(field.ToString()); field.Clear(); i++; }
            else if (text[i] == '\r')
            {
                Assert.Equal('\n', text[i + 1]);
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i += 2;
            }
            else { Assert.NotEqual('\n', text[i]); field.Append(text[i++]); }
        }
        Assert.True(fields.Count == 0 && field.Length == 0, "the last record ends with CRLF");
        return records;
    }

    internal static async Task<IReadOnlyList<object?[]>> ReadParquet(byte[] bytes, string[] header, Type[] types)
    {
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(header, fields.Select(f => f.Name).ToArray());
        var rows = new List<object?[]>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var rowGroup = reader.OpenRowGroupReader(g);
            int count = checked((int)rowGroup.RowCount);
            var columns = new object?[fields.Length][];
            for (int c = 0; c < fields.Length; c++)
            {
                var field = fields[c];
                bool text = types[c] == typeof(string) || types[c] == typeof(OptionalText);
                Assert.Equal(Nullable.GetUnderlyingType(types[c]) is not null || types[c] == typeof(OptionalText), field.IsNullable);
                // Parquet.Net 6 reads a UTF-8 string column's type as ReadOnlyMemory<char>.
                Assert.Equal(text ? typeof(ReadOnlyMemory<char>) : Nullable.GetUnderlyingType(types[c]) ?? types[c], field.ClrType);
                columns[c] = types[c] switch
                {
                    _ when text => await Read<string>(rowGroup, field, count),
                    var t when t == typeof(int) => await Read<int>(rowGroup, field, count),
                    var t when t == typeof(long) => await Read<long>(rowGroup, field, count),
                    var t when t == typeof(double) => await Read<double>(rowGroup, field, count),
                    var t when t == typeof(int?) => await ReadNullable<int>(rowGroup, field, count),
                    _ => await ReadNullable<double>(rowGroup, field, count),
                };
            }
            for (int r = 0; r < count; r++) rows.Add([.. columns.Select(column => column[r])]);
        }
        return rows;
    }

    /// <summary>The type of a text column that may be null (a strategy comparison's step): empty in CSV, null in Parquet.</summary>
    internal sealed class OptionalText;

    private static async Task<object?[]> Read<T>(ParquetRowGroupReader rowGroup, DataField field, int count)
    {
        var values = new T[count];
        if (typeof(T) == typeof(string)) await rowGroup.ReadAsync(field, (Memory<string?>)(object)values.AsMemory());
        else await ReadStruct(rowGroup, field, values);
        return [.. values.Cast<object?>()];
    }

    private static Task ReadStruct<T>(ParquetRowGroupReader rowGroup, DataField field, T[] values) =>
        typeof(T) == typeof(int) ? rowGroup.ReadAsync(field, ((int[])(object)values).AsMemory()).AsTask()
        : typeof(T) == typeof(long) ? rowGroup.ReadAsync(field, ((long[])(object)values).AsMemory()).AsTask()
        : rowGroup.ReadAsync(field, ((double[])(object)values).AsMemory()).AsTask();

    private static async Task<object?[]> ReadNullable<T>(ParquetRowGroupReader rowGroup, DataField field, int count) where T : struct
    {
        var values = new T?[count];
        await rowGroup.ReadAsync(field, values.AsMemory());
        return [.. values.Select(v => (object?)v)];
    }
}
