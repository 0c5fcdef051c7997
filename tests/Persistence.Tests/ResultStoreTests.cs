using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Persistence;
using Xunit.Abstractions;

namespace ScenarioGrid.Persistence.Tests;

public sealed class ResultStoreTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabase _db = Seeded();
    private ResultStore Results => new(_db.Database);

    private static TempDatabase Seeded()
    {
        var db = new TempDatabase();
        TestData.Seed(db.Database, "b1", "b2");
        return db;
    }

    public void Dispose() => _db.Dispose();

    /// <summary>Awkward values everywhere: nulls, negatives, extremes, subnormals, -0.0, NaN, infinities, 0.1 + 0.2.</summary>
    internal static BatchResult Awkward() => new(
        Scenario: "baseline", Seed: 9_007_199_254_740_991, Trials: 1_000_000, ModelVersion: "model-1",
        Years: [2025, 2026, 2030],
        Series:
        [
            new("plant:rotterdam", "capex_eur", 2025, 1_000_000, 0.1 + 0.2, 1e-300, -1.7976931348623157e308, double.MaxValue,
                -0.0, double.Epsilon, -double.Epsilon, 5.0, -7.0, 1e300, 123456789.123456789),
            new("plant:rotterdam", "capex_eur", 2026, 0, null, null, null, null, null, null, null, null, null, null, null),
            new("route:ammonia", "yield", 2030, 3, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0,
                null, -0.0, 1.0 / 3.0, Math.PI, -Math.E, 2.2250738585072014e-308, 4.9406564584124654e-324),
            new("region:eu", "lcoh", 2025, 17, -1e-320, null, -0.0, -0.0, 1, 2, 3, 4, 5, 6, 9007199254740993),
        ],
        Milestones:
        [
            new("plant:rotterdam", "first_output", 0.1 + 0.2,
                [new(2025, 0.0), new(2026, -0.0), new(2030, 0.30000000000000004)], 2026, 2027, null),
            new("route:ammonia", "break_even", 0.0, [], null, null, null),
            new("region:eu", "net_zero", 1e-300, [new(2030, double.NaN), new(2025, 1.0)], -1, 0, int.MaxValue),
        ],
        Comparisons:
        [
            new("plant:rotterdam", "plant:hamburg", "capex_eur", 2030, 999, 0.5, -12.25, -0.0, null, 1e-300),
            new("plant:hamburg", "plant:rotterdam", "capex_eur", 2030, 0, null, null, null, null, null),
        ],
        Provenance: new Provenance(new string('a', 64), 9_007_199_254_740_991, 1_000_000, "model-1", "0.1.0+abc"));

    [Fact]
    public void A_result_round_trips_exactly()
    {
        var result = Awkward();
        Results.Save("b1", result);
        ResultAssert.Equal(result, Results.Load("b1"));
        Assert.Null(Results.Load("b2"));
    }

    [Fact]
    public void A_result_survives_reopening_the_file()
    {
        Results.Save("b1", Awkward());
        ResultAssert.Equal(Awkward(), new ResultStore(_db.Reopen()).Load("b1"));
    }

    [Fact]
    public void Saving_again_replaces_the_earlier_copy()
    {
        Results.Save("b1", Awkward());
        var smaller = Awkward() with { Series = [Awkward().Series[1]], Milestones = [], Comparisons = [], Years = [2040] };
        Results.Save("b1", smaller);
        ResultAssert.Equal(smaller, Results.Load("b1"));
        Assert.Empty(Results.Milestones("b1"));
    }

    [Fact]
    public void A_result_for_an_unknown_batch_is_refused()
    {
        Assert.Throws<SqliteException>(() => Results.Save("nope", Awkward()));
        Assert.Null(Results.Load("nope"));
    }

    [Fact]
    public void Series_filters_by_entity_metric_and_years_keeping_saved_order()
    {
        var all = Awkward().Series;
        Results.Save("b1", Awkward());
        Results.Save("b2", Awkward() with { Series = [all[3]] });

        ResultAssert.Equal(all, Results.Series("b1"));
        ResultAssert.Equal([all[0], all[1]], Results.Series("b1", entity: "plant:rotterdam"));
        ResultAssert.Equal([all[0], all[1]], Results.Series("b1", entity: "plant:rotterdam", metric: "capex_eur"));
        ResultAssert.Equal([all[2]], Results.Series("b1", metric: "yield"));
        ResultAssert.Equal([all[0], all[3]], Results.Series("b1", years: [2025]));
        ResultAssert.Equal([all[1], all[2]], Results.Series("b1", years: [2030, 2026]));
        ResultAssert.Equal([all[0]], Results.Series("b1", "plant:rotterdam", "capex_eur", [2025, 2030]));
        Assert.Empty(Results.Series("b1", years: []));
        Assert.Empty(Results.Series("b1", entity: "nobody"));
        Assert.Empty(Results.Series("nope"));
        ResultAssert.Equal([all[3]], Results.Series("b2"));
    }

    [Fact]
    public void Milestones_and_comparisons_filter()
    {
        var r = Awkward();
        Results.Save("b1", r);

        ResultAssert.Equal(r.Milestones, Results.Milestones("b1"));
        ResultAssert.Equal([r.Milestones[2]], Results.Milestones("b1", "region:eu"));
        Assert.Empty(Results.Milestones("b1", "nobody"));
        ResultAssert.Equal(r.Comparisons, Results.Comparisons("b1"));
        ResultAssert.Equal([r.Comparisons[1]], Results.Comparisons("b1", "plant:hamburg"));
        Assert.Empty(Results.Comparisons("b2"));
    }

    [Fact]
    public void The_series_query_with_entity_and_metric_uses_the_index()
    {
        using var connection = _db.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            EXPLAIN QUERY PLAN SELECT * FROM series WHERE batch_id = 'b1' AND entity = 'e' AND metric = 'm'
            AND (NULL IS NULL OR year IN (SELECT value FROM json_each(NULL))) ORDER BY seq
            """;
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read()) plan.Add(reader.GetString(3));
        Assert.Contains(plan, line => line.Contains("series_by_entity_metric"));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE")); // no sort either
    }

    [Fact]
    public void Twenty_thousand_series_rows_save_and_load_quickly()
    {
        var rng = new Random(5);
        var series = Enumerable.Range(0, 20_000).Select(i => new SeriesStatistics($"plant:{i / 100}", $"metric{i % 20}", 2025 + i % 5, i,
            rng.NextDouble(), rng.NextDouble(), -rng.NextDouble(), rng.NextDouble() * 1e9, rng.NextDouble(), rng.NextDouble(),
            rng.NextDouble(), rng.NextDouble(), rng.NextDouble(), rng.NextDouble(), i % 7 == 0 ? null : rng.NextDouble())).ToList();
        var result = Awkward() with { Series = series };

        var clock = Stopwatch.StartNew();
        Results.Save("b1", result);
        var saved = clock.Elapsed;
        clock.Restart();
        var loaded = Results.Load("b1");
        output.WriteLine($"20,000 series rows: save {saved.TotalMilliseconds:F0} ms, load {clock.Elapsed.TotalMilliseconds:F0} ms");

        ResultAssert.Equal(result, loaded);
        Assert.True(saved < TimeSpan.FromSeconds(10), $"save took {saved}");
    }
}
