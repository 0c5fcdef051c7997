using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Parquet;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Queries;
using ScenarioGrid.Queries.Exports;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// Trial samples (docs/api.md, "samples") of the fixture's batch: the streamed rows are the replayed trials, value
/// for value, CSV and Parquet agree, Parquet comes in row groups of at most 65,536 rows, and the output leaves in pieces.
/// </summary>
[Collection("api")]
public sealed class SampleTests(ApiFixture fixture)
{
    private CompiledModel Model => fixture.Factory.Services.GetRequiredService<ScenarioModels>()
        .Get(fixture.Factory.Services.GetRequiredService<BatchQueries>().Get(fixture.BatchId)!.ScenarioSha256);

    private string[] Columns
    {
        get
        {
            int last = Model.StartYear + Model.YearCount - 1;
            return [$"route:sulfide/costUsdPerKWh/{last}", $"route:oxide/outputGWh/{Model.StartYear}", $"world/costUsdPerKWh/{last}"];
        }
    }

    private string Url(string format, long from, long to, bool inputs) =>
        $"/batches/{fixture.BatchId}/samples.{format}?columns={Uri.EscapeDataString(string.Join(',', Columns))}&from={from}&to={to}&inputs={(inputs ? "true" : "false")}";

    [Fact]
    public async Task Sampled_csv_rows_equal_the_replayed_trials()
    {
        var response = await fixture.Client.Http.GetAsync(Url("csv", 1_000, 1_300, inputs: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = ExportTests.ParseCsv(await response.Content.ReadAsStringAsync());
        var model = Model;
        string[][] columns = [.. Columns.Select(c => c.Split('/'))];
        var inputNames = model.Uncertain.Select(p => model.Parameters[p].Path).ToArray();
        Assert.Equal(["trial", .. Columns, .. inputNames], lines[0]);
        Assert.Equal(301, lines.Count);
        int defined = 0;
        for (int r = 1; r < lines.Count; r++)
        {
            long trial = 1_000 + r - 1;
            Assert.Equal(trial.ToString(CultureInfo.InvariantCulture), lines[r][0]);
            var replay = TrialReplay.Run(model, ApiFixture.Seed, trial);
            for (int c = 0; c < columns.Length; c++)
            {
                var parts = columns[c];
                double? expected = replay.Metrics.Single(m => m.Entity == parts[0] && m.Metric == parts[1] && m.Year == int.Parse(parts[2], CultureInfo.InvariantCulture)).Value;
                string field = lines[r][1 + c];
                if (expected is null) Assert.Equal("", field);
                else
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Value), BitConverter.DoubleToInt64Bits(double.Parse(field, CultureInfo.InvariantCulture)));
                    defined++;
                }
            }
            Assert.Equal(replay.Inputs.Select(i => i.Key), inputNames);
            for (int i = 0; i < inputNames.Length; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(replay.Inputs[i].Value),
                    BitConverter.DoubleToInt64Bits(double.Parse(lines[r][1 + columns.Length + i], CultureInfo.InvariantCulture)));
        }
        Assert.True(defined > 0);
    }

    [Fact]
    public async Task Sampled_parquet_equals_the_sampled_csv()
    {
        string csv = await fixture.Client.Http.GetStringAsync(Url("csv", 100, 400, inputs: true));
        var response = await fixture.Client.Http.GetAsync(Url("parquet", 100, 400, inputs: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType!.MediaType);
        var rows = await ReadParquetAsText(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(ExportTests.ParseCsv(csv), rows.Rows.Prepend(rows.Header).ToList());
    }

    [Fact]
    public async Task Parquet_samples_come_in_row_groups_of_at_most_65536_rows_through_a_forward_only_stream()
    {
        var samples = new TrialSamples(Model, ApiFixture.Seed, [.. Columns.Select(c => SampleColumn.Parse(Model, c))], withInputs: false);
        using var buffer = new MemoryStream();
        await TrialSampleExport.WriteParquetAsync(samples, 5, 70_005, new ForwardOnly(buffer));
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(buffer.ToArray()));
        Assert.Equal(2, reader.RowGroupCount);
        using (var first = reader.OpenRowGroupReader(0)) Assert.Equal(65_536, first.RowCount);
        using (var second = reader.OpenRowGroupReader(1)) Assert.Equal(70_000 - 65_536, second.RowCount);

        using var csv = new MemoryStream();
        await TrialSampleExport.WriteCsvAsync(samples, 5, 70_005, csv);
        var parquet = await ReadParquetAsText(buffer.ToArray());
        Assert.Equal(ExportTests.ParseCsv(Encoding.UTF8.GetString(csv.ToArray())), parquet.Rows.Prepend(parquet.Header).ToList());
    }

    [Fact]
    public async Task Samples_stream_out_chunk_by_chunk()
    {
        var samples = new TrialSamples(Model, ApiFixture.Seed, [.. Columns.Select(c => SampleColumn.Parse(Model, c))], withInputs: true);
        var recorder = new ForwardOnly(new MemoryStream());
        await TrialSampleExport.WriteCsvAsync(samples, 0, 10_000, recorder);
        Assert.True(recorder.FlushedAt.Count >= 10, $"{recorder.FlushedAt.Count} flushes");
        Assert.True(recorder.FlushedAt[0] > 0 && recorder.FlushedAt[0] < recorder.Length / 5, "the first rows leave before the last are computed");

        // Over HTTP: the header line is readable while the rest of the response is still to come.
        using var response = await fixture.Client.Http.GetAsync(Url("csv", 0, ApiFixture.Trials, inputs: true), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength);
        using var body = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("trial," + string.Join(',', Columns), await body.ReadLineAsync());
        Assert.Equal("0,", (await body.ReadLineAsync())![..2]);
    }

    [Theory]
    [InlineData("samples.csv?from=0&to=10", HttpStatusCode.BadRequest, "columns is required")]
    [InlineData("samples.csv?columns=route:nope/costUsdPerKWh/2030", HttpStatusCode.BadRequest, "unknown entity 'route:nope'")]
    [InlineData("samples.csv?columns=world/costUsdPerKWh/2030&from=10&to=10", HttpStatusCode.BadRequest, "need 0 ≤ from < to ≤ 20000")]
    [InlineData("samples.csv?columns=world/costUsdPerKWh/2030&to=20001", HttpStatusCode.BadRequest, "need 0 ≤ from < to ≤ 20000")]
    [InlineData("samples.csv?columns=world/costUsdPerKWh/2030&inputs=yes", HttpStatusCode.BadRequest, "inputs is true or false")]
    [InlineData("samples.xlsx?columns=world/costUsdPerKWh/2030", HttpStatusCode.NotFound, "samples.csv or samples.parquet")]
    public async Task Bad_sample_requests_say_what_is_wrong(string path, HttpStatusCode status, string message)
    {
        var response = await fixture.Client.Http.GetAsync($"/batches/{fixture.BatchId}/{path}");
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        var unknown = await fixture.Client.Http.GetAsync("/batches/b-nope/samples.csv?columns=world/costUsdPerKWh/2030");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>A Parquet file's rows as the CSV writes them (nulls empty, doubles round-trip), to compare the two formats.</summary>
    private static async Task<(string[] Header, List<string[]> Rows)> ReadParquetAsText(byte[] bytes)
    {
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));
        var fields = reader.Schema.GetDataFields();
        var rows = new List<string[]>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var rowGroup = reader.OpenRowGroupReader(g);
            int count = (int)rowGroup.RowCount;
            var columns = new string[fields.Length][];
            var trials = new long[count];
            await rowGroup.ReadAsync(fields[0], trials.AsMemory());
            columns[0] = [.. trials.Select(t => t.ToString(CultureInfo.InvariantCulture))];
            for (int c = 1; c < fields.Length; c++)
            {
                if (fields[c].IsNullable)
                {
                    var values = new double?[count];
                    await rowGroup.ReadAsync(fields[c], values.AsMemory());
                    columns[c] = [.. values.Select(v => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "")];
                }
                else
                {
                    var values = new double[count];
                    await rowGroup.ReadAsync(fields[c], values.AsMemory());
                    columns[c] = [.. values.Select(x => x.ToString("R", CultureInfo.InvariantCulture))];
                }
            }
            for (int r = 0; r < count; r++) rows.Add([.. columns.Select(column => column[r])]);
        }
        return ([.. fields.Select(f => f.Name)], rows);
    }

    /// <summary>A write-only, non-seekable stream (like a response body) that records the bytes written at each flush.</summary>
    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public List<long> FlushedAt { get; } = [];
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Flush() => FlushedAt.Add(inner.Length);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
