using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// Two results of the same batch computed differently (other silo count, chunking, a crash and resume):
/// counts, min, max, quantiles and milestones identical; means and standard deviations within the spec's
/// 1e−9 (merge order changes only the rounding of the sums).
/// </summary>
internal static class ResultAssert
{
    public static void Equivalent(BatchResult expected, BatchResult actual)
    {
        Assert.Equal(expected.Scenario, actual.Scenario);
        Assert.Equal(expected.Trials, actual.Trials);
        Assert.Equal(expected.Provenance with { SoftwareVersion = "" }, actual.Provenance with { SoftwareVersion = "" });
        Assert.Equal(expected.Strategy, actual.Strategy);
        Assert.Equal(expected.Steps is null, actual.Steps is null);
        Body(expected.Series, expected.Steps ?? [], expected.Milestones, expected.Comparisons,
            actual.Series, actual.Steps ?? [], actual.Milestones, actual.Comparisons);
    }

    /// <summary>A strategy set's document: every member's body, then the cross-member comparisons, with the same rules.</summary>
    public static void Equivalent(SetResult expected, SetResult actual)
    {
        Assert.Equal((expected.Scenario, expected.Seed, expected.Trials, expected.ModelVersion),
            (actual.Scenario, actual.Seed, actual.Trials, actual.ModelVersion));
        Assert.Equal(expected.Years, actual.Years);
        Assert.Equal(expected.Provenance with { SoftwareVersion = "" }, actual.Provenance with { SoftwareVersion = "" });
        Assert.Equal(expected.Members.Select(m => m.Strategy), actual.Members.Select(m => m.Strategy));
        for (int i = 0; i < expected.Members.Count; i++)
        {
            var (e, a) = (expected.Members[i], actual.Members[i]);
            Body(e.Series, e.Steps, e.Milestones, e.Comparisons, a.Series, a.Steps, a.Milestones, a.Comparisons);
        }
        Assert.Equal(expected.StrategyComparisons.Count, actual.StrategyComparisons.Count);
        for (int i = 0; i < expected.StrategyComparisons.Count; i++)
        {
            var (e, a) = (expected.StrategyComparisons[i], actual.StrategyComparisons[i]);
            Assert.Equal(e with { DeltaMean = null }, a with { DeltaMean = null });
            Close(e.DeltaMean, a.DeltaMean, e.DeltaMean, $"{e.A} vs {e.B} {e.Entity} {e.Metric} {e.Step} {e.Year} deltaMean");
        }
    }

    private static void Body(IReadOnlyList<SeriesStatistics> expectedSeries, IReadOnlyList<StepStatistics> expectedSteps,
        IReadOnlyList<MilestoneResult> expectedMilestones, IReadOnlyList<ComparisonResult> expectedComparisons,
        IReadOnlyList<SeriesStatistics> actualSeries, IReadOnlyList<StepStatistics> actualSteps,
        IReadOnlyList<MilestoneResult> actualMilestones, IReadOnlyList<ComparisonResult> actualComparisons)
    {
        var expected = (Series: expectedSeries, Milestones: expectedMilestones, Comparisons: expectedComparisons);
        var actual = (Series: actualSeries, Milestones: actualMilestones, Comparisons: actualComparisons);
        Assert.Equal(expectedSteps.Count, actualSteps.Count);
        for (int i = 0; i < expectedSteps.Count; i++)
        {
            var (e, a) = (expectedSteps[i], actualSteps[i]);
            string where = $"{e.Entity} {e.Step} {e.Metric} {e.Year}";
            Assert.True(e with { Mean = null, StdDev = null } == a with { Mean = null, StdDev = null }, $"{where}: {e} vs {a}");
            Close(e.Mean, a.Mean, e.Mean, where + " mean");
            Close(e.StdDev, a.StdDev, Math.Max(Math.Abs(e.Mean ?? 0), e.StdDev ?? 0), where + " stdDev");
        }
        Assert.Equal(expected.Series.Count, actual.Series.Count);
        for (int i = 0; i < expected.Series.Count; i++)
        {
            var (e, a) = (expected.Series[i], actual.Series[i]);
            string where = $"{e.Entity} {e.Metric} {e.Year}";
            Assert.True(e with { Mean = null, StdDev = null } == a with { Mean = null, StdDev = null }, $"{where}: {e} vs {a}");
            Close(e.Mean, a.Mean, e.Mean, where + " mean");
            Close(e.StdDev, a.StdDev, Math.Max(Math.Abs(e.Mean ?? 0), e.StdDev ?? 0), where + " stdDev");
        }
        Assert.Equal(expected.Milestones.Count, actual.Milestones.Count);
        for (int i = 0; i < expected.Milestones.Count; i++)
        {
            var (e, a) = (expected.Milestones[i], actual.Milestones[i]);
            Assert.Equal(e with { ProbabilityByYear = [] }, a with { ProbabilityByYear = [] });
            Assert.Equal(e.ProbabilityByYear, a.ProbabilityByYear);
        }
        Assert.Equal(expected.Comparisons.Count, actual.Comparisons.Count);
        for (int i = 0; i < expected.Comparisons.Count; i++)
        {
            var (e, a) = (expected.Comparisons[i], actual.Comparisons[i]);
            Assert.Equal(e with { DeltaMean = null }, a with { DeltaMean = null });
            Close(e.DeltaMean, a.DeltaMean, e.DeltaMean, $"{e.A} vs {e.B} {e.Metric} {e.Year} deltaMean");
        }
    }

    private static void Close(double? expected, double? actual, double? scale, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, what);
        if (expected is not { } x || actual is not { } y) return;
        double tolerance = 1e-9 * Math.Max(1, Math.Abs(scale ?? 0));
        Assert.True(Math.Abs(x - y) <= tolerance, $"{what}: {x} vs {y}");
    }
}
