using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// Model v2 exports (docs/api.md, "Exports"): a strategy-set batch's tables as one long table of every member with a
/// leading <c>strategy</c> column, its strategy comparisons, and the step series of any batch. Each file, read back as
/// CSV (RFC 4180) and as Parquet, equals GraphQL's values (members' series and steps, strategyComparisons, a single
/// run's steps) or the stored document's (milestones, comparisons), row for row, null for null, doubles bit for bit.
/// </summary>
[Collection("api-v2")]
public sealed class SetExportTests(V2ApiFixture api)
{
    private static readonly string[] Statistics = ["count", "mean", "stdDev", "min", "max", "p5", "p10", "p25", "p50", "p75", "p90", "p95"];
    private static readonly Type[] StatisticTypes = [typeof(long), .. Enumerable.Repeat(typeof(double?), 11)];
    private static readonly string[] Deltas = ["count", "probabilityALessThanB", "deltaMean", "deltaP10", "deltaP50", "deltaP90"];
    private static readonly Type[] DeltaTypes = [typeof(long), .. Enumerable.Repeat(typeof(double?), 5)];

    private SetResult StoredSet => api.Factory.Services.GetRequiredService<ResultQueries>().SetDocument(api.SetBatch)!;

    private static object? Value(JsonNode? node, Type type) => node is null ? null
        : (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(string) || t == typeof(ExportTests.OptionalText) => node.GetValue<string>(),
            var t when t == typeof(int) => node.GetValue<int>(),
            var t when t == typeof(long) => node.GetValue<long>(),
            _ => node.GetValue<double>(),
        };

    /// <summary>GraphQL rows as export rows: the named fields of each object, in column order.</summary>
    private static IEnumerable<object?[]> Rows(JsonArray rows, string[] fields, Type[] types, string? strategy = null) =>
        rows.Select(r => (object?[])[.. strategy is null ? [] : new object?[] { strategy }, .. fields.Select((f, i) => Value(r![f], types[i]))]);

    private async Task AssertFile(string batch, string file, string[] header, Type[] types, IReadOnlyList<object?[]> expected)
    {
        var response = await api.Client.Http.GetAsync($"/batches/{batch}/exports/{file}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        IReadOnlyList<object?[]> actual;
        if (file.EndsWith(".csv", StringComparison.Ordinal))
        {
            var lines = ExportTests.ParseCsv(Encoding.UTF8.GetString(bytes));
            Assert.Equal(header, lines[0]);
            actual = [.. lines.Skip(1).Select(fields => fields.Select((f, i) => ExportTests.FromCsv(f, types[i])).ToArray())];
        }
        else actual = await ExportTests.ReadParquet(bytes, header, types);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, actual.Count);
        for (int r = 0; r < expected.Count; r++)
            for (int c = 0; c < header.Length; c++)
                ExportTests.AssertSame(expected[r][c], actual[r][c], $"{file} row {r} column {header[c]}");
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public async Task A_set_batchs_series_steps_and_strategy_comparisons_equal_graphql(string format)
    {
        var d = (await api.Client.Post($$"""
            query($id: ID!) { batch(id: $id) {
              members { strategy series { entity metric year {{string.Join(' ', Statistics)}} } steps { entity step metric year {{string.Join(' ', Statistics)}} } }
              strategyComparisons { a b entity metric step year {{string.Join(' ', Deltas)}} } } }
            """, new { id = api.SetBatch })).AssertOk().Data["batch"]!;
        var members = d["members"]!.AsArray();
        Assert.Equal(["base", "cn-sulfide-push", "jp-alliance", "euus-venture", "lts-2027"], members.Select(m => m!["strategy"]!.GetValue<string>()));

        string[] series = ["entity", "metric", "year", .. Statistics];
        Type[] seriesTypes = [typeof(string), typeof(string), typeof(int), .. StatisticTypes];
        await AssertFile(api.SetBatch, "series." + format, ["strategy", .. series], [typeof(string), .. seriesTypes],
            [.. members.SelectMany(m => Rows(m!["series"]!.AsArray(), series, seriesTypes, m["strategy"]!.GetValue<string>()))]);

        string[] steps = ["entity", "step", "metric", "year", .. Statistics];
        Type[] stepTypes = [typeof(string), typeof(string), typeof(string), typeof(int), .. StatisticTypes];
        await AssertFile(api.SetBatch, "steps." + format, ["strategy", .. steps], [typeof(string), .. stepTypes],
            [.. members.SelectMany(m => Rows(m!["steps"]!.AsArray(), steps, stepTypes, m["strategy"]!.GetValue<string>()))]);

        string[] comparisons = ["a", "b", "entity", "metric", "step", "year", .. Deltas];
        Type[] comparisonTypes = [typeof(string), typeof(string), typeof(string), typeof(string), typeof(ExportTests.OptionalText), typeof(int), .. DeltaTypes];
        var strategyRows = Rows(d["strategyComparisons"]!.AsArray(), comparisons, comparisonTypes).ToList();
        Assert.Contains(strategyRows, r => r[4] is null); // a comparison without a step: an empty field, a Parquet null
        await AssertFile(api.SetBatch, "strategy-comparisons." + format, comparisons, comparisonTypes, strategyRows);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public async Task A_set_batchs_milestones_and_comparisons_hold_every_member_as_stored(string format)
    {
        var set = StoredSet;
        await AssertFile(api.SetBatch, "milestones." + format,
            ["strategy", "entity", "milestone", "year", "probability", "probabilityByEnd", "p10", "p50", "p90"],
            [typeof(string), typeof(string), typeof(string), typeof(int), typeof(double), typeof(double), typeof(int?), typeof(int?), typeof(int?)],
            [.. set.Members.SelectMany(m => m.Milestones.SelectMany(x => x.ProbabilityByYear.Select(y => new object?[]
                { m.Strategy, x.Entity, x.Milestone, y.Year, y.Probability, x.ProbabilityByEnd, x.P10, x.P50, x.P90 })))]);
        await AssertFile(api.SetBatch, "comparisons." + format,
            ["strategy", "a", "b", "metric", "year", .. Deltas],
            [typeof(string), typeof(string), typeof(string), typeof(string), typeof(int), .. DeltaTypes],
            [.. set.Members.SelectMany(m => m.Comparisons.Select(c => new object?[]
                { m.Strategy, c.A, c.B, c.Metric, c.Year, c.Count, Finite(c.ProbabilityALessThanB), Finite(c.DeltaMean),
                  Finite(c.DeltaP10), Finite(c.DeltaP50), Finite(c.DeltaP90) }))]);
    }

    [Fact]
    public async Task A_single_runs_steps_equal_graphql_and_it_has_no_strategy_comparisons()
    {
        var d = (await api.Client.Post($$"""
            query($id: ID!) { batch(id: $id) { steps { entity step metric year {{string.Join(' ', Statistics)}} }
              exports { stepsCsv stepsParquet strategyComparisonsCsv strategyComparisonsParquet } } }
            """, new { id = api.MemberBatch })).AssertOk().Data["batch"]!;
        string[] steps = ["entity", "step", "metric", "year", .. Statistics];
        Type[] stepTypes = [typeof(string), typeof(string), typeof(string), typeof(int), .. StatisticTypes];
        var expected = Rows(d["steps"]!.AsArray(), steps, stepTypes).ToList();
        await AssertFile(api.MemberBatch, "steps.csv", steps, stepTypes, expected);
        await AssertFile(api.MemberBatch, "steps.parquet", steps, stepTypes, expected);
        Assert.Equal($"/batches/{api.MemberBatch}/exports/steps.csv", d["exports"]!["stepsCsv"]!.GetValue<string>());
        Assert.Null(d["exports"]!["strategyComparisonsCsv"]);
        Assert.Null(d["exports"]!["strategyComparisonsParquet"]);
        var none = await api.Client.Http.GetAsync($"/batches/{api.MemberBatch}/exports/strategy-comparisons.csv");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("no strategy comparisons", await none.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_set_batchs_links_resolve_and_the_cli_writes_the_same_files()
    {
        var links = (await api.Client.Post("""
            query($id: ID!) { batch(id: $id) { exports { seriesCsv seriesParquet milestonesCsv milestonesParquet comparisonsCsv comparisonsParquet
              stepsCsv stepsParquet strategyComparisonsCsv strategyComparisonsParquet } } }
            """, new { id = api.SetBatch })).AssertOk().Data["batch"]!["exports"]!.AsObject();
        string[] files = ["series", "milestones", "comparisons", "steps", "strategy-comparisons"];
        Assert.Equal(files.Length * 2, links.Count);
        string folder = TestPaths.TempFolder();
        try
        {
            string csv = Path.Combine(folder, "csv"), parquet = Path.Combine(folder, "parquet");
            var (exit, output, error) = CliRunner.Run("results", api.SetBatch, "--db", api.Factory.DatabasePath, "--csv", csv, "--parquet", parquet);
            Assert.True(exit == 0, output + error);
            foreach (string file in files)
                foreach (var (extension, dir) in new[] { (".csv", csv), (".parquet", parquet) })
                {
                    string link = links.Single(l => l.Value!.GetValue<string>().EndsWith("/" + file + extension, StringComparison.Ordinal)).Value!.GetValue<string>();
                    Assert.Equal($"/batches/{api.SetBatch}/exports/{file}{extension}", link);
                    var served = await api.Client.Http.GetByteArrayAsync(link);
                    Assert.Equal(served, await File.ReadAllBytesAsync(Path.Combine(dir, file + extension)));
                }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;
}
