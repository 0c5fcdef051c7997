using ScenarioGrid.Cli.Cluster;
using ScenarioGrid.Cli.Output;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Cli.Commands;

/// <summary><c>batches</c>: the batches of the database, newest first, with status and provenance.</summary>
public static class BatchesCommand
{
    public static int Execute(Arguments a)
    {
        var database = a.Database();
        int first = (int)a.Long("first", 50, 1, 1000);
        a.RejectUnknown();
        var page = new BatchQueries(StoredBatches.OpenExisting(database)).List(new BatchQuery { First = first });
        BatchTables.Print(page.Items);
        if (page.HasNextPage) Console.WriteLine($"({page.TotalCount} batches in all; --first N shows more)");
        return ExitCodes.Ok;
    }
}
