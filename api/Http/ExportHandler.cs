using ScenarioGrid.Grains;
using ScenarioGrid.Queries;
using ScenarioGrid.Queries.Exports;

namespace ScenarioGrid.Api.Http;

/// <summary>
/// <c>GET /batches/{id}/exports/{file}</c>: a completed batch's series, milestones or comparisons as CSV or
/// Parquet (<c>series.csv</c>, <c>series.parquet</c>, …). A read, so no API key, like GraphQL queries.
/// 404 for an unknown batch or file name; 409 NOT_READY for a batch that has not completed (its results do
/// not exist yet, and a cancelled or failed batch never gets any: retrying later is the answer only while it runs).
/// </summary>
public sealed class ExportHandler(BatchQueries batches, ResultQueries results)
{
    public const string PathTemplate = "/batches/{id}/exports/{file}";

    /// <summary>The relative URL of one export, as GraphQL's <c>Batch.exports</c> links it.</summary>
    public static string PathOf(string batchId, ResultTable table, ExportFormat format) =>
        $"/batches/{Uri.EscapeDataString(batchId)}/exports/{ResultExportFiles.FileName(table, format)}";

    public async Task Handle(HttpContext http, string id, string file)
    {
        if (!ResultExportFiles.TryParse(file, out var table, out var format))
        {
            await JsonError.Write(http, StatusCodes.Status404NotFound, "NOT_FOUND",
                $"no export '{file}': one of {string.Join(", ", ResultExportFiles.Tables.SelectMany(t => ResultExportFiles.Formats.Select(f => ResultExportFiles.FileName(t, f))))}");
            return;
        }
        var batch = batches.Get(id);
        if (batch is null)
        {
            await JsonError.Write(http, StatusCodes.Status404NotFound, "NOT_FOUND", $"no batch '{id}'");
            return;
        }
        if (batch.StrategySet)
        {
            // The tables are a single run's; a set's members would need a member column (not built yet).
            await JsonError.Write(http, StatusCodes.Status409Conflict, "NOT_READY",
                $"batch {id} ran a strategy set: exports are of single runs (read members and strategyComparisons over GraphQL)");
            return;
        }
        var result = batch.Status == BatchStatus.Completed ? results.Document(id) : null;
        if (result is null)
        {
            await JsonError.Write(http, StatusCodes.Status409Conflict, "NOT_READY",
                $"batch {id} is {batch.Status.ToString().ToLowerInvariant()} ({batch.TrialsDone} of {batch.Trials} trials): " +
                "exports exist once it has completed");
            return;
        }
        http.Response.ContentType = ResultExportFiles.ContentType(format);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}-{file}\"";
        await ResultExport.WriteAsync(result, table, format, http.Response.Body, http.RequestAborted);
    }
}
