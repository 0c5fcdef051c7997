using ScenarioGrid.Grains;
using ScenarioGrid.Queries;
using ScenarioGrid.Queries.Exports;

namespace ScenarioGrid.Api.Http;

/// <summary>
/// <c>GET /batches/{id}/exports/{file}</c>: a completed batch's series, milestones, comparisons or step series as CSV
/// or Parquet (<c>series.csv</c>, <c>steps.parquet</c>, …); a strategy-set batch's tables hold every member (a leading
/// <c>strategy</c> column), and it has <c>strategy-comparisons</c> too. A read, so no API key, like GraphQL queries.
/// 404 for an unknown batch or file name (strategy comparisons of a single run); 409 NOT_READY for a batch that has
/// not completed (its results do not exist yet, and a cancelled or failed batch never gets any: retrying later is the
/// answer only while it runs).
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
                $"no export '{file}': one of {string.Join(", ", ResultExportFiles.SetTables.SelectMany(t => ResultExportFiles.Formats.Select(f => ResultExportFiles.FileName(t, f))))}");
            return;
        }
        var batch = batches.Get(id);
        if (batch is null)
        {
            await JsonError.Write(http, StatusCodes.Status404NotFound, "NOT_FOUND", $"no batch '{id}'");
            return;
        }
        if (!batch.StrategySet && table == ResultTable.StrategyComparisons)
        {
            await JsonError.Write(http, StatusCodes.Status404NotFound, "NOT_FOUND",
                $"batch {id} ran a single run, not a strategy set: it has no strategy comparisons");
            return;
        }
        bool completed = batch.Status == BatchStatus.Completed;
        var single = completed && !batch.StrategySet ? results.Document(id) : null;
        var set = completed && batch.StrategySet ? results.SetDocument(id) : null;
        if (single is null && set is null)
        {
            await JsonError.Write(http, StatusCodes.Status409Conflict, "NOT_READY",
                $"batch {id} is {batch.Status.ToString().ToLowerInvariant()} ({batch.TrialsDone} of {batch.Trials} trials): " +
                "exports exist once it has completed");
            return;
        }
        http.Response.ContentType = ResultExportFiles.ContentType(format);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}-{file}\"";
        if (set is not null) await ResultExport.WriteAsync(set, table, format, http.Response.Body, http.RequestAborted);
        else await ResultExport.WriteAsync(single!, table, format, http.Response.Body, http.RequestAborted);
    }
}
