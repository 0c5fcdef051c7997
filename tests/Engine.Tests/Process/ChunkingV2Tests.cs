using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Engine.Tests.Process;

/// <summary>
/// Chunk and thread independence for v2 (model-spec-v2 §3.3 with v1 §3): the shipped strategy set (the v2 baseline
/// and its four strategies) run in chunks of 1, 64 and 250 trials on one and two threads gives the same counts,
/// extremes and quantiles of every series, step, milestone and strategy comparison; means agree to 1e−9 (the order
/// of their sums follows the chunks).
/// </summary>
public sealed class ChunkingV2Tests
{
    private static string Shipped(string file)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "scenarios", file))) return Path.Combine(d.FullName, "scenarios", file);
        throw new FileNotFoundException(file);
    }

    private static readonly Lazy<StrategySet> Set = new(() => new StrategySet(ScenarioLoader.LoadFile(Shipped("strategies.yaml"))));

    private static SetResult Run(int chunk, int threads) => Set.Value.Build(Set.Value.Run(11, 500, chunk, threads), 11);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(64, 2)]
    public void Chunks_and_threads_do_not_change_a_set_result(int chunk, int threads)
    {
        var expected = Run(250, 1);
        var actual = Run(chunk, threads);
        for (int m = 0; m < expected.Members.Count; m++)
        {
            var (e, a) = (expected.Members[m], actual.Members[m]);
            Assert.Equal(e.Series.Count, a.Series.Count);
            for (int i = 0; i < e.Series.Count; i++)
                Same(e.Series[i].Count, e.Series[i].Min, e.Series[i].Max, e.Series[i].P5, e.Series[i].P50, e.Series[i].P95, e.Series[i].Mean,
                    a.Series[i].Count, a.Series[i].Min, a.Series[i].Max, a.Series[i].P5, a.Series[i].P50, a.Series[i].P95, a.Series[i].Mean,
                    $"{e.Strategy} {e.Series[i].Entity} {e.Series[i].Metric} {e.Series[i].Year}");
            Assert.Equal(e.Steps.Count, a.Steps.Count);
            Assert.NotEmpty(e.Steps);
            for (int i = 0; i < e.Steps.Count; i++)
                Same(e.Steps[i].Count, e.Steps[i].Min, e.Steps[i].Max, e.Steps[i].P5, e.Steps[i].P50, e.Steps[i].P95, e.Steps[i].Mean,
                    a.Steps[i].Count, a.Steps[i].Min, a.Steps[i].Max, a.Steps[i].P5, a.Steps[i].P50, a.Steps[i].P95, a.Steps[i].Mean,
                    $"{e.Strategy} {e.Steps[i].Entity} {e.Steps[i].Step} {e.Steps[i].Metric} {e.Steps[i].Year}");
            Assert.Equal(e.Milestones.Select(x => (x.Entity, x.Milestone, x.P10, x.P50, x.P90, x.ProbabilityByEnd)),
                a.Milestones.Select(x => (x.Entity, x.Milestone, x.P10, x.P50, x.P90, x.ProbabilityByEnd)));
        }
        Assert.Equal(expected.StrategyComparisons.Select(c => (c.A, c.B, c.Entity, c.Metric, c.Step, c.Year, c.Count, c.ProbabilityALessThanB, c.DeltaP10, c.DeltaP50, c.DeltaP90)),
            actual.StrategyComparisons.Select(c => (c.A, c.B, c.Entity, c.Metric, c.Step, c.Year, c.Count, c.ProbabilityALessThanB, c.DeltaP10, c.DeltaP50, c.DeltaP90)));
    }

    [Fact]
    public void The_set_exercises_chains_options_and_strategies()
    {
        var r = Run(250, 1);
        Assert.Equal(["base", "cn-sulfide-push", "jp-alliance", "euus-venture", "lts-2027"], r.Members.Select(m => m.Strategy));
        // Some strategy changes a route's cost in some trial, and options are adopted in some trial.
        Assert.Contains(r.StrategyComparisons, c => c.ProbabilityALessThanB is > 0);
        Assert.Contains(r.Members[0].Milestones, m => m.Milestone == "adopted" && m.ProbabilityByEnd > 0);
    }

    private static void Same(long ec, double? emin, double? emax, double? e5, double? e50, double? e95, double? emean,
        long ac, double? amin, double? amax, double? a5, double? a50, double? a95, double? amean, string what)
    {
        Assert.True(ec == ac, what + " count");
        Assert.True(Equals(emin, amin) && Equals(emax, amax), what + " min/max");
        Assert.True(Equals(e5, a5) && Equals(e50, a50) && Equals(e95, a95), what + " quantiles");
        Assert.Equal(emean is null, amean is null);
        if (emean is { } m) Assert.True(Math.Abs(m - amean!.Value) <= 1e-9 * Math.Max(1, Math.Abs(m)), $"{what} mean {m:R} vs {amean:R}");
    }
}
