using ScenarioGrid.Cli.Cluster;
using ScenarioGrid.Cli.Output;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Cli.Commands;

/// <summary><c>results ID [--json OUT]</c>: a finished batch's result document, read from the database.</summary>
public static class ResultsCommand
{
    public static int Execute(Arguments a)
    {
        string id = a.File("batch id");
        string? json = a.String("json");
        string database = a.Database();
        a.RejectUnknown();
        var db = StoredBatches.OpenExisting(database);
        var batch = new BatchQueries(db).Get(id) ?? throw new UsageException($"no batch '{id}' in {database}");
        var result = new ResultQueries(db).Document(id);
        if (result is null)
        {
            Console.Error.WriteLine($"batch {id} is {batch.Status.ToString().ToLowerInvariant()} " +
                                    $"({batch.TrialsDone:N0} of {batch.Trials:N0} trials): no results yet");
            return ExitCodes.Failure;
        }
        ResultTables.Print(result);
        if (json is not null) ScenarioFiles.WriteJson(json, ResultJson.ToJson(result));
        return ExitCodes.Ok;
    }
}
