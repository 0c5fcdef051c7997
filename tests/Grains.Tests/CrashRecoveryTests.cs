using System.Text.Json;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// The durability promise end to end: the CLI is SIGKILLed in the middle of a batch, `resume` finishes it
/// from its checkpoint, and `results --json` equals the JSON of an uninterrupted run with the same seed.
/// </summary>
public class CrashRecoveryTests
{
    private static readonly Dictionary<string, string> FastCheckpoints = new() { ["SCENARIOGRID_Batches__CheckpointInterval"] = "00:00:00.5" };

    [Fact]
    public void A_killed_batch_resumes_and_ends_with_the_results_of_an_uninterrupted_run()
    {
        string folder = Path.GetDirectoryName(TestClusters.TempDatabase())!;
        string killedDb = Path.Combine(folder, "killed.db"), cleanDb = Path.Combine(folder, "clean.db");
        string[] batch = ["scenarios/sulfide-vs-oxide.yaml", "--trials", "600000", "--seed", "11", "--unit", "8192"];

        string id;
        long doneAtKill;
        using (var run = CliProcess.Start(FastCheckpoints, ["run", .. batch, "--db", killedDb]))
        {
            id = WaitForBatchId(run);
            doneAtKill = WaitForCheckpoint(killedDb, id, run);
            run.Kill();
        }
        var killed = new BatchStore(Open(killedDb)).Get(id)!;
        Assert.Equal(BatchStatus.Running, killed.Status);
        Assert.InRange(killed.TrialsDone, 1, 600_000 - 1);

        var resume = CliProcess.Run(FastCheckpoints, "resume", "--db", killedDb);
        Assert.True(resume.Exit == 0, resume.Err);
        Assert.Contains($"resuming batch {id}", resume.Out);

        string resumedJson = Path.Combine(folder, "resumed.json"), cleanJson = Path.Combine(folder, "clean.json");
        var results = CliProcess.Run(null, "results", id, "--json", resumedJson, "--db", killedDb);
        Assert.True(results.Exit == 0, results.Err);
        var clean = CliProcess.Run(null, ["run", .. batch, "--db", cleanDb, "--json", cleanJson]);
        Assert.True(clean.Exit == 0, clean.Err);

        JsonResultAssert.Equivalent(File.ReadAllText(cleanJson), File.ReadAllText(resumedJson));
        Assert.True(doneAtKill > 0);
    }

    [Fact]
    public void Missing_and_corrupt_databases_give_a_clear_error()
    {
        string folder = Path.GetDirectoryName(TestClusters.TempDatabase())!;
        Directory.CreateDirectory(folder);
        var missing = CliProcess.Run(null, "results", "b-x", "--db", Path.Combine(folder, "none.db"));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("no database at", missing.Err);

        string corrupt = Path.Combine(folder, "corrupt.db");
        File.WriteAllBytes(corrupt, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray());
        var bad = CliProcess.Run(null, "batches", "--db", corrupt);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("database error", bad.Err);
        Assert.Contains(corrupt, bad.Err);
    }

    private static ScenarioGridDatabase Open(string path)
    {
        var db = new ScenarioGridDatabase(path);
        db.Initialize();
        return db;
    }

    private static string WaitForBatchId(CliProcess run)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var first = run.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("batch ", StringComparison.Ordinal));
            if (first is not null) return first["batch ".Length..].Trim();
            if (run.HasExited) throw new InvalidOperationException("run exited early: " + run.Stderr);
            Thread.Sleep(50);
        }
        throw new TimeoutException("no 'batch ID' line: " + run.Stderr);
    }

    /// <summary>Waits until a checkpoint with some but not all trials is in the database.</summary>
    private static long WaitForCheckpoint(string db, string id, CliProcess run)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(db))
            {
                var batch = new BatchStore(Open(db)).Get(id);
                if (batch is { TrialsDone: > 0 } && batch.TrialsDone < batch.Trials) return batch.TrialsDone;
                if (batch is { Status: BatchStatus.Completed }) throw new InvalidOperationException("batch finished before it could be killed");
            }
            if (run.HasExited) throw new InvalidOperationException("run exited early: " + run.Stderr);
            Thread.Sleep(100);
        }
        throw new TimeoutException("no checkpoint written");
    }
}

/// <summary>Compares two result documents of section 6 with the tolerance rules of <see cref="ResultAssert"/>.</summary>
internal static class JsonResultAssert
{
    public static void Equivalent(string expectedJson, string actualJson)
    {
        var expected = ScenarioGrid.Engine.Results.ResultJsonReader.Read(expectedJson);
        var actual = ScenarioGrid.Engine.Results.ResultJsonReader.Read(actualJson);
        ResultAssert.Equivalent(expected, actual);
    }
}
