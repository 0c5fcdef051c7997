using System.ComponentModel;
using ScenarioGrid.Api.Http;
using ScenarioGrid.Queries.Exports;

namespace ScenarioGrid.Api.Graph;

[Description("Download links of a completed batch's tables, one file each, as CSV (RFC 4180, UTF-8, header row) or Parquet " +
             "(typed columns, nulls as nulls). The URLs are paths relative to this API's origin (GET, no API key). " +
             "Model v2: a strategy-set batch's series, milestones, comparisons and steps are one long table of every member, " +
             "with a leading `strategy` column (members in member order, base first).")]
public sealed class BatchExports(string batchId, bool strategySet)
{
    [Description("entity, metric, year, count, mean, stdDev, min, max, p5 … p95: one row per series.")]
    public string SeriesCsv => ExportHandler.PathOf(batchId, ResultTable.Series, ExportFormat.Csv);
    public string SeriesParquet => ExportHandler.PathOf(batchId, ResultTable.Series, ExportFormat.Parquet);

    [Description("entity, milestone, year, probability, probabilityByEnd, p10, p50, p90: one row per entity × milestone × year (the last four repeat per milestone).")]
    public string MilestonesCsv => ExportHandler.PathOf(batchId, ResultTable.Milestones, ExportFormat.Csv);
    public string MilestonesParquet => ExportHandler.PathOf(batchId, ResultTable.Milestones, ExportFormat.Parquet);

    [Description("a, b, metric, year, count, probabilityALessThanB, deltaMean, deltaP10, deltaP50, deltaP90: one row per comparison and year.")]
    public string ComparisonsCsv => ExportHandler.PathOf(batchId, ResultTable.Comparisons, ExportFormat.Csv);
    public string ComparisonsParquet => ExportHandler.PathOf(batchId, ResultTable.Comparisons, ExportFormat.Parquet);

    [Description("Model v2: entity, step, metric, year, count, mean, stdDev, min, max, p5 … p95: one row per step series (the cost waterfall), as Batch.steps; no rows for a v1 batch.")]
    public string StepsCsv => ExportHandler.PathOf(batchId, ResultTable.Steps, ExportFormat.Csv);
    public string StepsParquet => ExportHandler.PathOf(batchId, ResultTable.Steps, ExportFormat.Parquet);

    [Description("Model v2: a, b, entity, metric, step, year, count, probabilityALessThanB, deltaMean, deltaP10, deltaP50, deltaP90: one row per cross-member comparison and year, as Batch.strategyComparisons; null for a batch of a single run.")]
    public string? StrategyComparisonsCsv => strategySet ? ExportHandler.PathOf(batchId, ResultTable.StrategyComparisons, ExportFormat.Csv) : null;
    public string? StrategyComparisonsParquet => strategySet ? ExportHandler.PathOf(batchId, ResultTable.StrategyComparisons, ExportFormat.Parquet) : null;
}
