using System.Text.Json;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// The durability promise end to end: the CLI is SIGKILLed (or sent SIGTERM) in the middle of a batch, `resume`
/// finishes it from its checkpoint, and `results --json` equals the JSON of an uninterrupted run with the same seed.
/// </summary>
public class CrashRecoveryTests
{
    private static readonly Dictionary<string, string> FastCheckpoints = new() { ["SCENARIOGRID_Batches__CheckpointInterval"] = "00:00:00.5" };

    [Fact]
    public void A_killed_batch_resumes_and_ends_with_the_results_of_an_uninterrupted_run()
    {
        var (killed, _) = InterruptResumeAndCompare("killed", run => run.Kill());
        Assert.Equal(BatchStatus.Running, killed.Status);
    }

    /// <summary>
    /// A strategy-set batch (model-spec-v2 §3.3: each unit runs every member of scenarios/strategies.yaml on its trials)
    /// SIGKILLed mid-batch resumes from its checkpoint (the set's serialised partial) to the set document of an
    /// uninterrupted run: every member's series, steps, milestones and comparisons, and the strategy comparisons.
    /// </summary>
    [Fact]
    public void A_killed_strategy_set_batch_resumes_and_ends_with_the_results_of_an_uninterrupted_run()
    {
        var (killed, _) = InterruptResumeAndCompare("killed-set", run => run.Kill(),
            ["scenarios/strategies.yaml", "--strategies", "--trials", "2400", "--seed", "13", "--chunk", "64", "--unit", "128"]);
        Assert.Equal(BatchStatus.Running, killed.Status);
        Assert.True(killed.StrategySet);
    }

    /// <summary>
    /// SIGTERM (what kill, systemd and container runtimes send) stops the run like Ctrl+C: the command exits
    /// on its own, the silo writes a last checkpoint on its way down (so no trial done before the signal is
    /// lost), and the batch stays resumable.
    /// </summary>
    [Fact]
    public void A_terminated_run_keeps_its_trials_and_resumes_to_the_results_of_an_uninterrupted_run()
    {
        string stderr = "";
        var (stopped, doneAtSignal) = InterruptResumeAndCompare("terminated", run =>
        {
            run.Terminate();
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(60)), "the run should stop by itself after SIGTERM");
            Assert.Equal(1, run.ExitCode);
            stderr = run.Stderr;
        });
        Assert.Contains("interrupted: batch", stderr);
        Assert.Equal(BatchStatus.Running, stopped.Status);
        Assert.True(stopped.TrialsDone >= doneAtSignal, $"{stopped.TrialsDone} trials kept, {doneAtSignal} were checkpointed before the signal");
    }

    /// <summary>
    /// Starts a batch with the CLI, interrupts it once a checkpoint holds some trials, runs `resume`, and
    /// compares `results --json` with an uninterrupted run's JSON. Returns the interrupted batch's row (read
    /// before the resume) and the trials checkpointed when the interruption was sent.
    /// </summary>
    private static (BatchRecord Interrupted, long DoneAtInterrupt) InterruptResumeAndCompare(string name, Action<CliProcess> interrupt,
        string[]? batchArguments = null)
    {
        string folder = Path.GetDirectoryName(TestClusters.TempDatabase())!;
        string interruptedDb = Path.Combine(folder, $"{name}.db"), cleanDb = Path.Combine(folder, "clean.db");
        string[] batch = batchArguments ?? [TestClusters.V1Scenarios + "sulfide-vs-oxide.yaml", "--trials", "600000", "--seed", "11", "--unit", "8192"];

        string id;
        long doneAtInterrupt;
        using (var run = CliProcess.Start(FastCheckpoints, ["run", .. batch, "--db", interruptedDb]))
        {
            id = WaitForBatchId(run);
            doneAtInterrupt = WaitForCheckpoint(interruptedDb, id, run);
            interrupt(run);
        }
        var interrupted = new BatchQueries(Open(interruptedDb)).Get(id)!;
        Assert.InRange(interrupted.TrialsDone, 1, interrupted.Trials - 1);

        var resume = CliProcess.Run(FastCheckpoints, "resume", "--db", interruptedDb);
        Assert.True(resume.Exit == 0, resume.Err);
        Assert.Contains($"resuming batch {id}", resume.Out);

        string resumedJson = Path.Combine(folder, $"{name}-resumed.json"), cleanJson = Path.Combine(folder, "clean.json");
        var results = CliProcess.Run(null, "results", id, "--json", resumedJson, "--db", interruptedDb);
        Assert.True(results.Exit == 0, results.Err);
        var clean = CliProcess.Run(null, ["run", .. batch, "--db", cleanDb, "--json", cleanJson]);
        Assert.True(clean.Exit == 0, clean.Err);

        JsonResultAssert.Equivalent(File.ReadAllText(cleanJson), File.ReadAllText(resumedJson));
        Assert.True(doneAtInterrupt > 0);
        return (interrupted, doneAtInterrupt);
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
                var batch = new BatchQueries(Open(db)).Get(id);
                if (batch is { TrialsDone: > 0 } && batch.TrialsDone < batch.Trials) return batch.TrialsDone;
                if (batch is { Status: BatchStatus.Completed }) throw new InvalidOperationException("batch finished before it could be killed");
            }
            if (run.HasExited) throw new InvalidOperationException("run exited early: " + run.Stderr);
            Thread.Sleep(100);
        }
        throw new TimeoutException("no checkpoint written");
    }
}

/// <summary>Compares two result documents of section 6 (or two strategy sets') with the tolerance rules of <see cref="ResultAssert"/>.</summary>
internal static class JsonResultAssert
{
    public static void Equivalent(string expectedJson, string actualJson)
    {
        if (ScenarioGrid.Engine.Results.ResultJsonReader.IsSet(expectedJson))
        {
            ResultAssert.Equivalent(ScenarioGrid.Engine.Results.ResultJsonReader.ReadSet(expectedJson),
                ScenarioGrid.Engine.Results.ResultJsonReader.ReadSet(actualJson));
            return;
        }
        var expected = ScenarioGrid.Engine.Results.ResultJsonReader.Read(expectedJson);
        var actual = ScenarioGrid.Engine.Results.ResultJsonReader.Read(actualJson);
        ResultAssert.Equivalent(expected, actual);
    }
}
