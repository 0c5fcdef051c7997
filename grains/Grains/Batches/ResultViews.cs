using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Grains.Batches;

/// <summary>Converts the engine's result records into the grain contracts' serialisable views.</summary>
public static class ResultViews
{
    public static EntityResults ForEntity(string batchId, BatchResult r, string entity, bool final) => new(
        batchId, final, r.Trials,
        r.Series.Where(s => s.Entity == entity).Select(ToPoint).ToList(),
        r.Milestones.Where(m => m.Entity == entity).Select(ToPoint).ToList(),
        r.Comparisons.Where(c => c.A == entity).Select(ToPoint).ToList());

    public static SeriesPoint ToPoint(SeriesStatistics s) => new(s.Entity, s.Metric, s.Year, s.Count, s.Mean, s.StdDev,
        s.Min, s.Max, s.P5, s.P10, s.P25, s.P50, s.P75, s.P90, s.P95);

    public static MilestonePoint ToPoint(MilestoneResult m) => new(m.Entity, m.Milestone, m.ProbabilityByEnd,
        m.ProbabilityByYear.Select(p => new KeyValuePair<int, double>(p.Year, p.Probability)).ToList(), m.P10, m.P50, m.P90);

    public static ComparisonPoint ToPoint(ComparisonResult c) => new(c.A, c.B, c.Metric, c.Year, c.Count,
        c.ProbabilityALessThanB, c.DeltaMean, c.DeltaP10, c.DeltaP50, c.DeltaP90);
}
