using System.ComponentModel;
using ScenarioGrid.Api.Http;
using ScenarioGrid.Queries.Exports;

namespace ScenarioGrid.Api.Graph;

[Description("Download links of a completed batch's tables, one file each, as CSV (RFC 4180, UTF-8, header row) or Parquet " +
             "(typed columns, nulls as nulls). The URLs are paths relative to this API's origin (GET, no API key).")]
public sealed class BatchExports(string batchId)
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
}
