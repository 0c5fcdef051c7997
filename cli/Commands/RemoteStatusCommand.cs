using System.Globalization;
using ScenarioGrid.Cli.Remote;

namespace ScenarioGrid.Cli.Commands;

/// <summary><c>status ID --server URL</c>: a batch's status, progress, throughput, ETA, provenance and timings.</summary>
public static class RemoteStatusCommand
{
    public static int Execute(Arguments a)
    {
        string id = a.File("batch id");
        using var server = GraphQLServer.From(a);
        a.RejectUnknown();

        var b = server.Execute(RemoteBatches.Status, new { id }).GetProperty("batch");
        var p = b.GetProperty("provenance");
        var t = b.GetProperty("timings");
        string status = RemoteBatches.Str(b, "status").ToLowerInvariant();
        long done = b.GetProperty("trialsDone").GetInt64(), trials = b.GetProperty("trials").GetInt64();
        Console.WriteLine($"batch      {RemoteBatches.Str(b, "id")}");
        Console.WriteLine($"scenario   {RemoteBatches.Str(b, "scenarioId")} ({RemoteBatches.Str(p, "scenarioSha256")})");
        Console.WriteLine($"status     {status}{(b.GetProperty("cancelRequested").GetBoolean() && status is "queued" or "running" ? " (cancel requested)" : "")}");
        Console.WriteLine($"progress   {done:N0} / {trials:N0} trials ({100 * b.GetProperty("progress").GetDouble():F1} %)" +
                          (b.GetProperty("converged").GetBoolean() ? ", stopped early: converged" : ""));
        Console.WriteLine($"priority   {RemoteBatches.Str(b, "priority").ToLowerInvariant()}");
        Console.WriteLine($"speed      {(RemoteBatches.D(b, "trialsPerSecond") is { } rate ? rate.ToString("N0", CultureInfo.InvariantCulture) + " trials/s" : "–")}, " +
                          $"ETA {RemoteBatches.Seconds(b, "etaSeconds")}");
        Console.WriteLine($"seed       {b.GetProperty("seed").GetInt64()}");
        Console.WriteLine($"model      {RemoteBatches.Str(p, "modelVersion")}, software {RemoteBatches.Str(p, "softwareVersion")}");
        Console.WriteLine($"created    {RemoteBatches.Str(t, "createdAt")}");
        Console.WriteLine($"run time   {RemoteBatches.Seconds(t, "runSeconds")}");
        if (b.GetProperty("error").GetString() is { Length: > 0 } error) Console.WriteLine($"error      {error}");
        return ExitCodes.Ok;
    }
}
