using System.Diagnostics;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;
using Xunit.Abstractions;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>
/// Final results, written by the batch grain's last save (<see cref="BatchStore.Save"/> with Completed and the
/// result) and read back, whole or in slices, through <see cref="ResultQueries"/>.
/// </summary>
public abstract class ResultTests(DatabaseProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    protected readonly TempDatabase _db = new(provider);
    private BatchStore Batches => new(_db.Database);
    private ResultQueries Results => new(_db.Database);

    public async Task InitializeAsync()
    {
        await TestData.Seed(_db.Database, "b1", "b2");
        await Batches.Start("b1");
        await Batches.Start("b2");
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The batch's final save: Completed, every trial done, with its result.</summary>
    private Task<BatchRecord> Complete(string batchId, BatchResult result) =>
        Batches.Step(batchId, b => b with { Status = BatchStatus.Completed, TrialsDone = b.Trials, FinishedAt = TestData.T0.AddMinutes(5) },
            result: result);

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
    public async Task A_result_round_trips_exactly()
    {
        var result = Awkward();
        var completed = await Complete("b1", result);
        ResultAssert.Equal(result, Results.Document("b1"));
        Assert.Null(Results.Document("b2"));
        Assert.Equal(BatchStatus.Completed, completed.Status);
        Assert.Null(await Batches.LoadCheckpoint("b1"));
    }

    [Fact]
    public async Task A_result_survives_reopening_the_file()
    {
        await Complete("b1", Awkward());
        ResultAssert.Equal(Awkward(), new ResultQueries(_db.Reopen()).Document("b1"));
    }

    [Fact]
    public async Task Saving_again_replaces_the_earlier_copy()
    {
        await Complete("b1", Awkward());
        var smaller = Awkward() with { Series = [Awkward().Series[1]], Milestones = [], Comparisons = [], Years = [2040] };
        await Batches.Step("b1", b => b, result: smaller);
        ResultAssert.Equal(smaller, Results.Document("b1"));
        Assert.Empty(Results.Milestones("b1"));
        Assert.Empty(Results.Comparisons("b1"));
        ResultAssert.Equal(smaller.Series, Results.Series("b1"));
    }

    [Fact]
    public async Task A_result_for_an_unknown_batch_is_not_written()
    {
        var nope = TestData.Batch("nope") with { Status = BatchStatus.Completed, TrialsDone = 100_000 };
        Assert.False(await Batches.Save(nope, result: Awkward()));
        Assert.Null(Results.Document("nope"));
        Assert.Empty(Results.Series("nope"));
    }

    [Fact]
    public async Task Series_filters_by_entity_metric_and_years_keeping_saved_order()
    {
        var all = Awkward().Series;
        await Complete("b1", Awkward());
        await Complete("b2", Awkward() with { Series = [all[3]] });

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
    public async Task Milestones_and_comparisons_filter()
    {
        var r = Awkward();
        await Complete("b1", r);

        ResultAssert.Equal(r.Milestones, Results.Milestones("b1"));
        ResultAssert.Equal([r.Milestones[2]], Results.Milestones("b1", "region:eu"));
        Assert.Empty(Results.Milestones("b1", "nobody"));
        ResultAssert.Equal(r.Comparisons, Results.Comparisons("b1"));
        ResultAssert.Equal([r.Comparisons[1]], Results.Comparisons("b1", "plant:hamburg"));
        Assert.Empty(Results.Comparisons("b2"));
    }

    [Fact]
    public async Task Twenty_thousand_series_rows_save_and_load_quickly()
    {
        var rng = new Random(5);
        var series = Enumerable.Range(0, 20_000).Select(i => new SeriesStatistics($"plant:{i / 100}", $"metric{i % 20}", 2025 + i % 5, i,
            rng.NextDouble(), rng.NextDouble(), -rng.NextDouble(), rng.NextDouble() * 1e9, rng.NextDouble(), rng.NextDouble(),
            rng.NextDouble(), rng.NextDouble(), rng.NextDouble(), rng.NextDouble(), i % 7 == 0 ? null : rng.NextDouble())).ToList();
        var result = Awkward() with { Series = series };

        var clock = Stopwatch.StartNew();
        await Complete("b1", result);
        var saved = clock.Elapsed;
        clock.Restart();
        var loaded = Results.Document("b1");
        output.WriteLine($"20,000 series rows: save {saved.TotalMilliseconds:F0} ms, load {clock.Elapsed.TotalMilliseconds:F0} ms");

        ResultAssert.Equal(result, loaded);
        Assert.True(saved < TimeSpan.FromSeconds(10), $"save took {saved}");
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteResultTests(ITestOutputHelper output) : ResultTests(DatabaseProvider.Sqlite, output)
{
    [Fact]
    public void The_series_query_with_entity_and_metric_uses_the_index()
    {
        using var connection = _db.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            EXPLAIN QUERY PLAN SELECT * FROM series WHERE batch_id = 'b1' AND member = '' AND entity = 'e' AND metric = 'm'
            AND (NULL IS NULL OR year IN (SELECT value FROM json_each(NULL))) ORDER BY seq
            """;
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read()) plan.Add(reader.GetString(3));
        Assert.Contains(plan, line => line.Contains("series_by_entity_metric"));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE")); // no sort either
    }
}

/// <summary>The tests above on PostgreSQL.</summary>
public sealed class PostgresResultTests(ITestOutputHelper output) : ResultTests(DatabaseProvider.Postgres, output);
