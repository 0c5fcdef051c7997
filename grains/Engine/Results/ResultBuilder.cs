using System.Reflection;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Results;

/// <summary>Turns a finished <see cref="BatchAccumulator"/> into the section 6 result document.</summary>
public static class ResultBuilder
{
    public const string ModelVersion = "v1";

    public static string SoftwareVersion { get; } =
        typeof(ResultBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "0.0.0";

    public static BatchResult Build(CompiledModel model, BatchAccumulator acc, long seed)
    {
        var scenario = model.Scenario;
        var years = Enumerable.Range(scenario.Horizon.Start, model.YearCount).ToArray();
        var series = new List<SeriesStatistics>();
        foreach (var e in model.Entities.All)
            for (int m = 0; m < Metrics.Count; m++)
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

        var comparisons = new List<ComparisonResult>();
        for (int i = 0; i < scenario.Comparisons.Count; i++)
        {
            var spec = scenario.Comparisons[i];
            for (int y = 0; y < years.Length; y++)
                comparisons.Add(Comparison(spec.A, spec.B, spec.Metric, years[y], acc.Comparison(i, y)));
        }

        return new BatchResult(scenario.Id, seed, acc.Trials, ModelVersion, years, series, milestones, comparisons,
            new Provenance(scenario.Sha256, seed, acc.Trials, ModelVersion, SoftwareVersion));
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
        return new MilestoneResult(entity, milestone.Name(), cumulative.Count == 0 ? 0 : cumulative[^1].Probability,
            cumulative, NearestRank(10), NearestRank(50), NearestRank(90));
    }
}
