using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>Field-by-field equality of result records, doubles compared bit for bit (so -0.0 ≠ 0.0, NaN = NaN).</summary>
internal static class ResultAssert
{
    public static void Equal(BatchResult expected, BatchResult? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Scenario, actual.Scenario);
        Assert.Equal(expected.Seed, actual.Seed);
        Assert.Equal(expected.Trials, actual.Trials);
        Assert.Equal(expected.ModelVersion, actual.ModelVersion);
        Assert.Equal(expected.Years, actual.Years);
        Assert.Equal(expected.Provenance, actual.Provenance);
        Equal(expected.Series, actual.Series);
        Equal(expected.Milestones, actual.Milestones);
        Equal(expected.Comparisons, actual.Comparisons);
        Assert.Equal(expected.Strategy, actual.Strategy);
        Assert.Equal(expected.Steps is null, actual.Steps is null);
        if (expected.Steps is not null) Equal(expected.Steps, actual.Steps!);
    }

    public static void Equal(SetResult expected, SetResult? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.Scenario, expected.Seed, expected.Trials, expected.ModelVersion),
            (actual.Scenario, actual.Seed, actual.Trials, actual.ModelVersion));
        Assert.Equal(expected.Years, actual.Years);
        Assert.Equal(expected.Provenance, actual.Provenance);
        Assert.Equal(expected.Members.Select(m => m.Strategy), actual.Members.Select(m => m.Strategy));
        for (int i = 0; i < expected.Members.Count; i++)
        {
            Equal(expected.Members[i].Series, actual.Members[i].Series);
            Equal(expected.Members[i].Steps, actual.Members[i].Steps);
            Equal(expected.Members[i].Milestones, actual.Members[i].Milestones);
            Equal(expected.Members[i].Comparisons, actual.Members[i].Comparisons);
        }
        Equal(expected.StrategyComparisons, actual.StrategyComparisons);
    }

    public static void Equal(IReadOnlyList<StepStatistics> expected, IReadOnlyList<StepStatistics> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            string at = $"steps[{i}]";
            Assert.Equal((e.Entity, e.Step, e.Metric, e.Year, e.Count), (a.Entity, a.Step, a.Metric, a.Year, a.Count));
            Same(e.Mean, a.Mean, at); Same(e.StdDev, a.StdDev, at); Same(e.Min, a.Min, at); Same(e.Max, a.Max, at);
            Same(e.P5, a.P5, at); Same(e.P10, a.P10, at); Same(e.P25, a.P25, at); Same(e.P50, a.P50, at);
            Same(e.P75, a.P75, at); Same(e.P90, a.P90, at); Same(e.P95, a.P95, at);
        }
    }

    public static void Equal(IReadOnlyList<StrategyComparisonResult> expected, IReadOnlyList<StrategyComparisonResult> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            string at = $"strategyComparisons[{i}]";
            Assert.Equal((e.A, e.B, e.Entity, e.Metric, e.Step, e.Year, e.Count), (a.A, a.B, a.Entity, a.Metric, a.Step, a.Year, a.Count));
            Same(e.ProbabilityALessThanB, a.ProbabilityALessThanB, at); Same(e.DeltaMean, a.DeltaMean, at);
            Same(e.DeltaP10, a.DeltaP10, at); Same(e.DeltaP50, a.DeltaP50, at); Same(e.DeltaP90, a.DeltaP90, at);
        }
    }

    public static void Equal(IReadOnlyList<SeriesStatistics> expected, IReadOnlyList<SeriesStatistics> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            string at = $"series[{i}]";
            Assert.Equal((e.Entity, e.Metric, e.Year, e.Count), (a.Entity, a.Metric, a.Year, a.Count));
            Same(e.Mean, a.Mean, at); Same(e.StdDev, a.StdDev, at); Same(e.Min, a.Min, at); Same(e.Max, a.Max, at);
            Same(e.P5, a.P5, at); Same(e.P10, a.P10, at); Same(e.P25, a.P25, at); Same(e.P50, a.P50, at);
            Same(e.P75, a.P75, at); Same(e.P90, a.P90, at); Same(e.P95, a.P95, at);
        }
    }

    public static void Equal(IReadOnlyList<MilestoneResult> expected, IReadOnlyList<MilestoneResult> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            string at = $"milestones[{i}]";
            Assert.Equal((e.Entity, e.Milestone, e.P10, e.P50, e.P90), (a.Entity, a.Milestone, a.P10, a.P50, a.P90));
            Same(e.ProbabilityByEnd, a.ProbabilityByEnd, at);
            Assert.Equal(e.ProbabilityByYear.Count, a.ProbabilityByYear.Count);
            for (int j = 0; j < e.ProbabilityByYear.Count; j++)
            {
                Assert.Equal(e.ProbabilityByYear[j].Year, a.ProbabilityByYear[j].Year);
                Same(e.ProbabilityByYear[j].Probability, a.ProbabilityByYear[j].Probability, $"{at}.byYear[{j}]");
            }
        }
    }

    public static void Equal(IReadOnlyList<ComparisonResult> expected, IReadOnlyList<ComparisonResult> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            string at = $"comparisons[{i}]";
            Assert.Equal((e.A, e.B, e.Metric, e.Step, e.Year, e.Count), (a.A, a.B, a.Metric, a.Step, a.Year, a.Count));
            Same(e.ProbabilityALessThanB, a.ProbabilityALessThanB, at); Same(e.DeltaMean, a.DeltaMean, at);
            Same(e.DeltaP10, a.DeltaP10, at); Same(e.DeltaP50, a.DeltaP50, at); Same(e.DeltaP90, a.DeltaP90, at);
        }
    }

    private static void Same(double? expected, double? actual, string where)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{where}: expected {Show(expected)}, got {Show(actual)}");
        if (expected is { } e && actual is { } a)
            Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a), $"{where}: expected {Show(e)}, got {Show(a)}");
    }

    private static string Show(double? v) => v is { } d ? $"{d:R} (0x{BitConverter.DoubleToInt64Bits(d):X16})" : "null";
}
