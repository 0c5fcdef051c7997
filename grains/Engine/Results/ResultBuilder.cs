using System.Reflection;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Simulation.Process;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Results;

/// <summary>Turns a finished <see cref="BatchAccumulator"/> into the section 6 result document.</summary>
public static class ResultBuilder
{
    public const string ModelVersion = "v1";
    public const string ModelVersion2 = "v2";

    public static string ModelVersionOf(Model.Scenario s) => s.IsV2 ? ModelVersion2 : ModelVersion;

    public static string SoftwareVersion { get; } =
        typeof(ResultBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "0.0.0";

    public static BatchResult Build(CompiledModel model, BatchAccumulator acc, long seed)
    {
        var scenario = model.Scenario;
        var years = Enumerable.Range(scenario.Horizon.Start, model.YearCount).ToArray();
        var series = new List<SeriesStatistics>();
        foreach (var e in model.Entities.All)
            for (int m = 0; m < Metrics.ReportedCount; m++)
            {
                var metric = (Metric)m;
                if (!e.HasMetric(metric)) continue;
                for (int y = 0; y < years.Length; y++)
                    series.Add(Statistics(e.Id, metric.Name(), years[y], acc.Series(e.Index, metric, y)!));
            }

        var milestones = new List<MilestoneResult>();
        for (int r = 0; r < scenario.Routes.Count; r++)
            for (int m = 0; m < Milestones.Count; m++)
                milestones.Add(MilestoneOf("route:" + scenario.Routes[r].Id, (Milestone)m,
                    acc.MilestoneYears(r, (Milestone)m), years, acc.Trials));
        if (model.Process is { } plan)
        {
            // v2 milestones after v1's (model-spec-v2 §5): route readiness, then per option its readiness and adoption.
            var slots = plan.ReadinessSlots;
            for (int i = 0; i < slots.Count; i++)
                if (slots[i].Entity.StartsWith("route:", StringComparison.Ordinal))
                    milestones.Add(MilestoneOf(slots[i].Entity, "processReady", acc.ReadinessYears(i), years, acc.Trials));
            int firstOption = slots.Count - scenario.Options.Count;
            for (int o = 0; o < scenario.Options.Count; o++)
            {
                milestones.Add(MilestoneOf(slots[firstOption + o].Entity, "processReady", acc.ReadinessYears(firstOption + o), years, acc.Trials));
                milestones.Add(MilestoneOf("option:" + scenario.Options[o].Id, "adopted", acc.AdoptedYears(o), years, acc.Trials));
            }
        }

        var comparisons = new List<ComparisonResult>();
        for (int i = 0; i < scenario.Comparisons.Count; i++)
        {
            var spec = scenario.Comparisons[i];
            for (int y = 0; y < years.Length; y++)
                comparisons.Add(Comparison(spec.A, spec.B, spec.Metric, years[y], acc.Comparison(i, y)) with { Step = spec.Step });
        }

        string version = ModelVersionOf(scenario);
        return new BatchResult(scenario.Id, seed, acc.Trials, version, years, series, milestones, comparisons,
            new Provenance(scenario.Sha256, seed, acc.Trials, version, SoftwareVersion))
        {
            Strategy = scenario.Strategy,
            Steps = model.Process is { } p ? Steps(p, acc, years) : null,
        };
    }

    /// <summary>The step series in document order: rows (routes, then plants; waterfall order), metrics, years.</summary>
    private static List<StepStatistics> Steps(ProcessPlan plan, BatchAccumulator acc, int[] years)
    {
        var steps = new List<StepStatistics>();
        foreach (var row in plan.Layout.Rows)
            for (int m = 0; m < StepMetrics.Count; m++)
            {
                var metric = (StepMetric)m;
                if (!row.HasMetric(metric)) continue;
                for (int y = 0; y < years.Length; y++)
                {
                    var s = Statistics(row.Entity, metric.Name(), years[y], acc.Step(row.Index, metric, y)!);
                    steps.Add(new StepStatistics(row.Entity, row.Step, s.Metric, s.Year, s.Count, s.Mean, s.StdDev, s.Min, s.Max,
                        s.P5, s.P10, s.P25, s.P50, s.P75, s.P90, s.P95));
                }
            }
        return steps;
    }

    public static SeriesStatistics Statistics(string entity, string metric, int year, SeriesAccumulator s)
    {
        if (s.Count == 0)
            return new SeriesStatistics(entity, metric, year, 0, null, null, null, null, null, null, null, null, null, null, null);
        var q = SeriesAccumulator.ReportedQuantiles.Select(s.Quantile).ToArray();
        return new SeriesStatistics(entity, metric, year, s.Count, s.Mean, s.StdDev, s.Min, s.Max,
            q[0], q[1], q[2], q[3], q[4], q[5], q[6]);
    }

    /// <summary>
    /// A comparison row of one year from its tally: P(a &lt; b) is over the trials where both are defined
    /// (the tally's count), and every statistic is null when there is none.
    /// </summary>
    public static ComparisonResult Comparison(string a, string b, string metric, int year, ComparisonTally tally)
    {
        var d = tally.Delta;
        return new ComparisonResult(a, b, metric, year, d.Count,
            d.Count == 0 ? null : (double)tally.ALessThanB / d.Count,
            d.Count == 0 ? null : d.Mean, d.Quantile(0.10), d.Quantile(0.50), d.Quantile(0.90));
    }

    /// <summary>
    /// Cumulative shares by year, and the year percentiles by nearest rank over all N trials: the k-th
    /// smallest with k = ceil(pct·N/100) in integer arithmetic, "never" counting as +∞ (null).
    /// </summary>
    public static MilestoneResult MilestoneOf(string entity, Milestone milestone, IReadOnlyList<long> byYear,
        IReadOnlyList<int> years, long trials) => MilestoneOf(entity, milestone.Name(), byYear, years, trials);

    public static MilestoneResult MilestoneOf(string entity, string milestone, IReadOnlyList<long> byYear,
        IReadOnlyList<int> years, long trials)
    {
        var cumulative = new List<YearProbability>();
        long reached = 0;
        for (int y = 0; y < years.Count; y++)
        {
            reached += byYear[y];
            cumulative.Add(new YearProbability(years[y], trials == 0 ? 0 : (double)reached / trials));
        }
        int? NearestRank(long pct)
        {
            if (trials == 0) return null;
            long k = (pct * trials + 99) / 100;
            long seen = 0;
            for (int y = 0; y < years.Count; y++)
            {
                seen += byYear[y];
                if (seen >= k) return years[y];
            }
            return null;
        }
        return new MilestoneResult(entity, milestone, cumulative.Count == 0 ? 0 : cumulative[^1].Probability,
            cumulative, NearestRank(10), NearestRank(50), NearestRank(90));
    }
}
