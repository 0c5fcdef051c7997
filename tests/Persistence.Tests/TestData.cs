using Dapper;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    public static StoredScenario Scenario(string sha256 = "sha-1", string id = "baseline", DateTimeOffset? createdAt = null) =>
        new(sha256, id, $"Scenario {id}", $"id: {id}\nyears: [2025, 2030]\n", $"{id}.yaml", createdAt ?? T0);

    /// <summary>A Queued batch of 100,000 trials in 4 units of 25,000.</summary>
    public static BatchRecord Batch(string id, string scenarioSha256 = "sha-1", string scenarioId = "baseline", DateTimeOffset? createdAt = null) =>
        new(id, scenarioId, scenarioSha256, Seed: 42, Trials: 100_000, ChunkSize: 1024, UnitTrials: 25_000, BatchStatus.Queued,
            TrialsDone: 0, createdAt ?? T0, null, null, null, "model-1", "0.1.0");

    /// <summary>A database with one scenario ("sha-1") and the given batches (Queued, version 0).</summary>
    /// <summary>Scenarios sha-1 (baseline) and sha-2 (high-demand), for batches to refer to.</summary>
    public static async Task SaveTwoScenarios(ScenarioGridDatabase database)
    {
        var scenarios = new ScenarioStore(database);
        await scenarios.Save(Scenario("sha-1", "baseline"));
        await scenarios.Save(Scenario("sha-2", "high-demand"));
    }

    public static async Task Seed(ScenarioGridDatabase database, params string[] batchIds)
    {
        await new ScenarioStore(database).Save(Scenario());
        var batches = new BatchStore(database);
        foreach (string id in batchIds) Assert.True(await batches.Create(Batch(id)));
    }

    /// <summary>
    /// Loads the batch, applies <paramref name="change"/> and saves it at the version it was loaded with, as the
    /// batch grain does; asserts the save succeeded and returns the row as now stored.
    /// </summary>
    public static async Task<BatchRecord> Step(this BatchStore store, string id, Func<BatchRecord, BatchRecord> change,
        Checkpoint? checkpoint = null, IReadOnlyList<UnitRun>? runs = null, BatchResult? result = null)
    {
        var current = await store.Load(id) ?? throw new InvalidOperationException($"no batch {id}");
        Assert.True(await store.Save(change(current), checkpoint, runs, result));
        return (await store.Load(id))!;
    }

    /// <summary>Queued to Running at <paramref name="at"/> (T0 + 1 s by default).</summary>
    public static Task<BatchRecord> Start(this BatchStore store, string id, DateTimeOffset? at = null) =>
        store.Step(id, b => b with { Status = BatchStatus.Running, StartedAt = at ?? T0.AddSeconds(1) });

    /// <summary>The batch's rows in <c>unit_runs</c>, by unit index, read straight from the table.</summary>
    public static IReadOnlyList<UnitRun> Runs(ScenarioGridDatabase database, string batchId)
    {
        using var connection = database.Open();
        return [.. connection.Query<(string BatchId, long UnitIndex, string Silo, long Trials, double Seconds)>(
                "SELECT batch_id, unit_index, silo, trials, seconds FROM unit_runs WHERE batch_id = @BatchId ORDER BY unit_index",
                new { BatchId = batchId })
            .Select(r => new UnitRun(r.BatchId, checked((int)r.UnitIndex), r.Silo, r.Trials, r.Seconds))];
    }
}
