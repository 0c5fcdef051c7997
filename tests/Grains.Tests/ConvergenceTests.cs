using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Statistics;
using ScenarioGrid.Grains.Batches;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// Stop when converged: a batch stops at the first unit boundary where its batch-means half-widths meet the rule, its
/// merged trials are the prefix [0, k·U) whatever order units finish in, and its results are those of a batch of k·U trials.
/// </summary>
[Collection("cluster")]
public class ConvergenceTests(ClusterFixture fixture)
{
    private const string ScenarioFile = TestClusters.V1Scenarios + "sulfide-vs-oxide.yaml";
    private const long Seed = 11;
    private const int Unit = 4096;

    private static readonly ConvergenceTarget SulfideP50 = new(ConvergenceStatistic.P50, "route:sulfide", null, "costUsdPerKWh", 2030, 0.01);
    private static readonly ConvergenceTarget SulfideCheaper =
        new(ConvergenceStatistic.ProbabilityALessThanB, "route:sulfide", "route:oxide", "costUsdPerKWh", 2030, 0.02);

    private static CompiledModel Model() => new(ScenarioLoader.LoadFile(Path.Combine(TestClusters.RepoRoot(), ScenarioFile)));

    [Fact]
    public async Task A_converged_batch_stops_at_the_first_unit_that_meets_the_rule_and_equals_a_batch_of_its_trials()
    {
        string sha = await TestClusters.StoreScenario(fixture.Grains, ScenarioFile);
        var until = new Until([SulfideP50, SulfideCheaper]);
        string id = BatchIds.New();
        var view = await TestClusters.RunToEnd(fixture.Grains, id, new BatchRequest(sha, Seed, 2_000_000, 1024, Unit, Until: until),
            TimeSpan.FromMinutes(3));

        Assert.Equal(BatchStatus.Completed, view.Status);
        Assert.True(view.Converged);
        Assert.Equal(0, view.TrialsDone % Unit);
        int k = (int)(view.TrialsDone / Unit);
        Assert.InRange(k, Until.DefaultMinUnits, 2_000_000 / Unit - 1);
        var row = fixture.Cluster.Service<BatchQueries>().Get(id)!;
        Assert.Equal((true, view.TrialsDone), (row.Converged, row.TrialsDone));

        // The rule, recomputed here from each unit's own trials: met at k units, not at k − 1.
        var model = Model();
        var estimates = Enumerable.Range(0, k).Select(u => UnitEstimates(model, u)).ToList();
        Assert.True(Met(estimates), $"not met at the {k} units the batch stopped at");
        Assert.True(k == Until.DefaultMinUnits || !Met(estimates.Take(k - 1).ToList()), $"already met at {k - 1} units");

        // A batch of that many trials: the same statistics.
        var stored = fixture.Cluster.Service<ResultQueries>().Document(id)!;
        ResultAssert.Equivalent(ResultBuilder.Build(model, BatchRunner.Run(model, (ulong)Seed, view.TrialsDone, 1024), Seed), stored);
    }

    [Fact]
    public async Task Units_that_finish_out_of_order_are_merged_as_a_prefix_and_nothing_past_the_stopping_unit_counts()
    {
        string sha = await TestClusters.StoreScenario(fixture.Grains, ScenarioFile);
        var models = fixture.Cluster.Service<ScenarioModels>();
        // Loose bound: met as soon as 4 units are in.
        var until = new Until([SulfideCheaper with { HalfWidth = 0.5 }], MinUnits: 4);
        var request = new BatchRequest(sha, Seed, 20 * Unit, 1024, Unit, Until: until);
        var model = models.Get(sha);
        var units = Enumerable.Range(0, 7).Select(u => RunUnit(model, request, u)).ToArray();

        var run = BatchRun.Restore("b-order", request, BatchStatistics.For(models, request), null);
        foreach (int u in new[] { 5, 2, 1 }) run.Merge(units[u]);
        Assert.Equal(0, run.TrialsDone); // unit 0 is missing: nothing merges
        run.Merge(units[0]);
        Assert.Equal((3 * Unit, false), (run.TrialsDone, run.IsComplete)); // 0, 1, 2: one unit short of the minimum

        // Through a checkpoint, as after a crash: the held unit 5 is not in it, the estimates of 0..2 are.
        var (checkpoint, _) = run.TakeCheckpoint();
        Assert.Equal(3, checkpoint.UnitEstimates!.Count);
        run = BatchRun.Restore("b-order", request, BatchStatistics.For(models, request), checkpoint);
        foreach (int u in new[] { 6, 4, 5, 3 }) run.Merge(units[u]);
        Assert.True(run.Converged);
        Assert.Equal(4 * Unit, run.TrialsDone); // stopped at 4 units: 4, 5 and 6 are not merged

        var merged = run.Merged.Build(Seed).Single!;
        ResultAssert.Equivalent(ResultBuilder.Build(model, BatchRunner.Run(model, (ulong)Seed, 4 * Unit, 1024), Seed), merged);
    }

    [Theory]
    [InlineData("route:nothing", "costUsdPerKWh", 2030, 0.01, "unknown entity 'route:nothing'")]
    [InlineData("route:sulfide", "costPerTonne", 2030, 0.01, "unknown metric 'costPerTonne'")]
    [InlineData("route:sulfide", "costUsdPerKWh", 2040, 0.01, "year 2040 is outside the horizon 2025–2030")]
    [InlineData("route:sulfide", "costUsdPerKWh", 2030, 0.0, "must be a positive number")]
    [InlineData("route:sulfide", "costUsdPerKWh", 2030, -0.1, "must be a positive number")]
    public async Task A_rule_naming_what_the_scenario_lacks_is_refused_and_stores_nothing(string entity, string metric, int year,
        double halfWidth, string message)
    {
        string sha = await TestClusters.StoreScenario(fixture.Grains, ScenarioFile);
        string id = BatchIds.New();
        var until = new Until([new ConvergenceTarget(ConvergenceStatistic.P50, entity, null, metric, year, halfWidth)]);
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            fixture.Grains.GetGrain<IBatchGrain>(id).Submit(new BatchRequest(sha, Seed, 100_000, 1024, Unit, Until: until)));
        Assert.Contains(message, e.Message);
        Assert.Null(fixture.Cluster.Service<BatchQueries>().Get(id));
    }

    [Fact]
    public async Task A_probability_target_must_name_a_listed_comparison()
    {
        string sha = await TestClusters.StoreScenario(fixture.Grains, ScenarioFile);
        var until = new Until([SulfideCheaper with { B = "route:polymer" }]);
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            fixture.Grains.GetGrain<IBatchGrain>(BatchIds.New()).Submit(new BatchRequest(sha, Seed, 100_000, 1024, Unit, Until: until)));
        Assert.Contains("lists no comparison route:sulfide vs route:polymer", e.Message);
    }

    private static UnitResult RunUnit(CompiledModel model, BatchRequest request, int unit)
    {
        var worker = new ChunkWorker(model, (ulong)request.Seed, request.ChunkSize);
        var accumulator = worker.NewAccumulator();
        var sink = UnitEstimator.For(model, ConvergenceRule.ToEngine(request.Until!.Targets)).Wrap(accumulator);
        worker.Run((long)unit * request.UnitTrials, request.UnitTrials, sink);
        return new UnitResult(unit, request.UnitTrials, accumulator.Serialize(), "test", 0, sink.Estimates());
    }

    /// <summary>Unit u's median of sulfide's 2030 cost (sorting its values) and its share of trials with sulfide cheaper than oxide.</summary>
    private static (double P50, double P) UnitEstimates(CompiledModel model, int unit)
    {
        var worker = new ChunkWorker(model, (ulong)Seed, 1024);
        var columns = new ColumnSink(model);
        worker.Run((long)unit * Unit, Unit, columns);
        var pairs = columns.Sulfide.Zip(columns.Oxide).Where(p => !double.IsNaN(p.First) && !double.IsNaN(p.Second)).ToList();
        var sorted = columns.Sulfide.Where(v => !double.IsNaN(v)).Order().ToList();
        double h = (sorted.Count - 1) * 0.5;
        double median = sorted[(int)Math.Floor(h)] + (h - Math.Floor(h)) * (sorted[(int)Math.Ceiling(h)] - sorted[(int)Math.Floor(h)]);
        return (median, pairs.Count(p => p.First < p.Second) / (double)pairs.Count);
    }

    private static bool Met(IReadOnlyList<(double P50, double P)> units)
    {
        static (double Mean, double Half) Interval(IReadOnlyList<double> x)
        {
            double mean = x.Average();
            double sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1));
            return (mean, BatchMeans.StudentT975(x.Count - 1) * sd / Math.Sqrt(x.Count));
        }
        var p50 = Interval(units.Select(u => u.P50).ToList());
        var p = Interval(units.Select(u => u.P).ToList());
        return units.Count >= Until.DefaultMinUnits && p50.Half <= SulfideP50.HalfWidth * Math.Abs(p50.Mean) && p.Half <= SulfideCheaper.HalfWidth;
    }

    /// <summary>Keeps sulfide's and oxide's 2030 cost per trial.</summary>
    private sealed class ColumnSink(CompiledModel model) : IChunkSink
    {
        private readonly int _sulfide = model.Entities.IndexOf("route:sulfide"), _oxide = model.Entities.IndexOf("route:oxide");
        private readonly int _year = 2030 - model.StartYear;
        public List<double> Sulfide { get; } = [];
        public List<double> Oxide { get; } = [];

        public void BeginChunk(long firstTrial, int count) { }
        public void EndChunk() { }

        public void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values)
        {
            if (metric != Metric.CostUsdPerKWh || yearIndex != _year) return;
            if (entity == _sulfide) Sulfide.AddRange(values);
            else if (entity == _oxide) Oxide.AddRange(values);
        }
    }
}
