using System.Globalization;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Queries;
using ScenarioGrid.Queries.Exports;

namespace ScenarioGrid.Api.Http;

/// <summary>
/// <c>GET /batches/{id}/samples.csv|parquet?columns=E/M/Y,…&amp;from=0&amp;to=N&amp;inputs=true</c>: per-trial values
/// of the chosen (entity, metric, year) columns for trials [from, to) of a batch, recomputed by the engine from
/// (scenario, seed, trial) and streamed (nothing per trial is stored, so any batch can be sampled, finished or not).
/// At most <see cref="TrialSampleExport.MaxRows"/> rows; <c>to</c> defaults to that many after <c>from</c>, capped
/// by the batch's trials. A read: no API key. 404 unknown batch or format, 400 bad parameters (before any byte).
/// </summary>
public sealed class SampleHandler(BatchQueries batches, ScenarioModels models)
{
    public const string PathTemplate = "/batches/{id}/samples.{format}";

    public async Task Handle(HttpContext http, string id, string format)
    {
        if (format is not ("csv" or "parquet"))
        {
            await JsonError.Write(http, StatusCodes.Status404NotFound, "NOT_FOUND", $"no samples.{format}: samples.csv or samples.parquet");
            return;
        }
        if (batches.Get(id) is not { } batch)
        {
            await JsonError.Write(http, StatusCodes.Status404NotFound, "NOT_FOUND", $"no batch '{id}'");
            return;
        }
        var model = models.Get(batch.ScenarioSha256);
        var query = http.Request.Query;
        string columnsText = query["columns"].ToString();
        if (columnsText.Length == 0)
        {
            await JsonError.Write(http, StatusCodes.Status400BadRequest, "BAD_INPUT", "columns is required: entity/metric/year,… e.g. route:sulfide/costUsdPerKWh/2030");
            return;
        }
        SampleColumn[] columns;
        try { columns = [.. columnsText.Split(',').Select(c => SampleColumn.Parse(model, c.Trim()))]; }
        catch (ArgumentException e)
        {
            await JsonError.Write(http, StatusCodes.Status400BadRequest, "BAD_INPUT", e.Message);
            return;
        }
        if (!TryLong(query["from"], 0, out long from) || !TryLong(query["to"], Math.Min(batch.Trials, from + TrialSampleExport.MaxRows), out long to)
            || from < 0 || to <= from || to > batch.Trials || to - from > TrialSampleExport.MaxRows)
        {
            await JsonError.Write(http, StatusCodes.Status400BadRequest, "BAD_INPUT",
                $"need 0 ≤ from < to ≤ {batch.Trials} (the batch's trials) and to − from ≤ {TrialSampleExport.MaxRows:N0}");
            return;
        }
        string inputsText = query["inputs"].ToString();
        if (inputsText is not ("" or "true" or "false"))
        {
            await JsonError.Write(http, StatusCodes.Status400BadRequest, "BAD_INPUT", "inputs is true or false");
            return;
        }

        var samples = new TrialSamples(model, (ulong)batch.Seed, columns, withInputs: inputsText == "true");
        var exportFormat = format == "csv" ? ExportFormat.Csv : ExportFormat.Parquet;
        http.Response.ContentType = ResultExportFiles.ContentType(exportFormat);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}-samples-{from}-{to}.{format}\"";
        if (exportFormat == ExportFormat.Csv) await TrialSampleExport.WriteCsvAsync(samples, from, to, http.Response.Body, http.RequestAborted);
        else await TrialSampleExport.WriteParquetAsync(samples, from, to, http.Response.Body, http.RequestAborted);
    }

    private static bool TryLong(string? text, long byDefault, out long value)
    {
        if (string.IsNullOrEmpty(text)) { value = byDefault; return true; }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

}
