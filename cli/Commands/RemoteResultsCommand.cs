using ScenarioGrid.Cli.Output;
using ScenarioGrid.Cli.Remote;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Queries.Exports;

namespace ScenarioGrid.Cli.Commands;

/// <summary>
/// <c>results ID --server URL [--json OUT] [--csv DIR] [--parquet DIR]</c>: a finished batch's results fetched over
/// GraphQL; the tables and the JSON document are the same as <c>run</c> and local <c>results</c> write (same fields,
/// same writer); the CSV and Parquet files are downloaded, byte for byte, from the links of <c>Batch.exports</c>.
/// </summary>
public static class RemoteResultsCommand
{
    public static int Execute(Arguments a)
    {
        string id = a.File("batch id");
        string? json = a.String("json");
        var exports = ExportFolders.From(a);
        using var server = GraphQLServer.From(a);
        a.RejectUnknown();

        var status = server.Execute(RemoteBatches.Progress, new { id }).GetProperty("batch");
        if (RemoteBatches.Str(status, "status") != "COMPLETED")
        {
            Console.Error.WriteLine($"batch {id} is {RemoteBatches.Str(status, "status").ToLowerInvariant()} " +
                                    $"({status.GetProperty("trialsDone").GetInt64():N0} of {status.GetProperty("trials").GetInt64():N0} trials): no results yet");
            return ExitCodes.Failure;
        }
        if (status.GetProperty("strategySet").GetBoolean())
        {
            // One query for the set's frame and its strategy comparisons, then one per member (each a single run's size).
            var set = RemoteBatches.ToSetResult(server.Execute(RemoteBatches.SetResults, new { id }).GetProperty("batch"),
                strategy => server.Execute(RemoteBatches.SetMember, new { id, strategy }).GetProperty("batch").GetProperty("member"));
            ResultTables.Print(set);
            if (json is not null) ScenarioFiles.WriteJson(json, ResultJson.ToJson(set));
            return Download(server, id, exports, ResultExportFiles.SetTables);
        }
        var result = RemoteBatches.ToResult(server.Execute(RemoteBatches.Results, new { id }).GetProperty("batch"));
        ResultTables.Print(result);
        if (json is not null) ScenarioFiles.WriteJson(json, ResultJson.ToJson(result));
        return Download(server, id, exports, ResultExportFiles.Tables);
    }

    /// <summary>Downloads the files of the batch's tables that the API's <c>Batch.exports</c> links, into the folders asked for.</summary>
    private static int Download(GraphQLServer server, string id, ExportFolders exports, IReadOnlyList<ResultTable> tables)
    {
        var requested = exports.Requested().ToList();
        if (requested.Count == 0) return ExitCodes.Ok;
        var links = server.Execute(RemoteBatches.Exports, new { id }).GetProperty("batch").GetProperty("exports");
        foreach (var (format, folder) in requested)
        {
            Directory.CreateDirectory(folder);
            foreach (var table in tables)
            {
                string name = ResultExportFiles.FileName(table, format);
                string link = links.GetProperty(ResultExportFiles.LinkField(table, format)).GetString()!;
                string path = Path.Combine(folder, name);
                server.Download(link, path);
                Console.WriteLine($"wrote {path}");
            }
        }
        return ExitCodes.Ok;
    }
}
