using ScenarioGrid.Cli.Cluster;
using ScenarioGrid.Cli.Output;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Queries;
using ScenarioGrid.Queries.Exports;

namespace ScenarioGrid.Cli.Commands;

/// <summary>
/// <c>results ID [--json OUT] [--csv DIR] [--parquet DIR]</c>: a finished batch's result document, read from the
/// database; the CSV and Parquet tables are the files the API serves (one writer, <see cref="ResultExport"/>).
/// </summary>
public static class ResultsCommand
{
    public static int Execute(Arguments a)
    {
        string id = a.File("batch id");
        string? json = a.String("json");
        var exports = ExportFolders.From(a);
        var database = a.Database();
        a.RejectUnknown();
        var db = StoredBatches.OpenExisting(database);
        var batch = new BatchQueries(db).Get(id) ?? throw new UsageException($"no batch '{id}' in {database}");
        var queries = new ResultQueries(db);
        if (batch.StrategySet && queries.SetDocument(id) is { } set)
        {
            // A strategy set's document (model-spec-v2 §6): members and cross-member comparisons; its tables hold
            // every member (a strategy column), and the strategy comparisons (the API's exports, byte for byte).
            ResultTables.Print(set);
            if (json is not null) ScenarioFiles.WriteJson(json, ResultJson.ToJson(set));
            foreach (var (format, folder) in exports.Requested())
                foreach (string path in ResultExport.WriteFilesAsync(set, folder, [format]).GetAwaiter().GetResult())
                    Console.WriteLine($"wrote {path}");
            return ExitCodes.Ok;
        }
        var result = queries.Document(id);
        if (result is null)
        {
            Console.Error.WriteLine($"batch {id} is {batch.Status.ToString().ToLowerInvariant()} " +
                                    $"({batch.TrialsDone:N0} of {batch.Trials:N0} trials): no results yet");
            return ExitCodes.Failure;
        }
        ResultTables.Print(result);
        if (json is not null) ScenarioFiles.WriteJson(json, ResultJson.ToJson(result));
        foreach (var (format, folder) in exports.Requested())
            foreach (string path in ResultExport.WriteFilesAsync(result, folder, [format]).GetAwaiter().GetResult())
                Console.WriteLine($"wrote {path}");
        return ExitCodes.Ok;
    }
}
