using ScenarioGrid.Persistence;

namespace ScenarioGrid.Persistence.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    public static StoredScenario Scenario(string sha256 = "sha-1", string id = "baseline", DateTimeOffset? createdAt = null) =>
        new(sha256, id, $"Scenario {id}", $"id: {id}\nyears: [2025, 2030]\n", $"{id}.yaml", createdAt ?? T0);

    public static BatchRecord Batch(string id, string scenarioSha256 = "sha-1", string scenarioId = "baseline", DateTimeOffset? createdAt = null) =>
        new(id, scenarioId, scenarioSha256, Seed: 42, Trials: 100_000, ChunkSize: 1024, ChunkCount: 4, BatchStatus.Queued,
            TrialsDone: 0, createdAt ?? T0, null, null, null, "model-1", "0.1.0", CancelRequested: false);

    /// <summary>A database with one scenario ("sha-1") and the given batches (Queued).</summary>
    public static void Seed(ScenarioGridDatabase database, params string[] batchIds)
    {
        new ScenarioStore(database).Save(Scenario());
        var batches = new BatchStore(database);
        foreach (string id in batchIds) Assert.True(batches.Insert(Batch(id)));
    }
}
