using Dapper;

namespace ScenarioGrid.Persistence;

/// <summary>
/// Batch checkpoints and chunk placements. <see cref="Save"/> is the crash-safety point: the checkpoint,
/// the new chunk runs and <c>batches.trials_done</c> commit together or not at all, so a process killed at
/// any moment leaves either the previous checkpoint or the new one. Thread-safe; one connection per call.
/// Saves are monotone: a checkpoint with fewer trials than the stored one is ignored, and a chunk's first
/// recorded run stays. Orleans may briefly run two activations of one batch grain after a silo dies (its
/// directory entry was lost); both resume from the same checkpoint, and the slower must neither fail on the
/// other's chunk runs nor roll the checkpoint back. Any stored checkpoint is consistent, so results are unchanged.
/// </summary>
public sealed class CheckpointStore(ScenarioGridDatabase database)
{
    private const string UpsertCheckpoint = """
        INSERT INTO batch_checkpoints (batch_id, partial, done_chunks, trials_done, updated_at)
        VALUES (@BatchId, @Partial, @DoneChunks, @TrialsDone, @UpdatedAt)
        ON CONFLICT (batch_id) DO UPDATE SET
            partial = excluded.partial, done_chunks = excluded.done_chunks,
            trials_done = excluded.trials_done, updated_at = excluded.updated_at
        WHERE excluded.trials_done >= batch_checkpoints.trials_done
        """;

    private const string InsertRun = """
        INSERT INTO chunk_runs (batch_id, chunk_index, silo, trials, seconds)
        VALUES (@BatchId, @ChunkIndex, @Silo, @Trials, @Seconds)
        ON CONFLICT (batch_id, chunk_index) DO NOTHING
        """;

    private const string UpdateTrialsDone = "UPDATE batches SET trials_done = @TrialsDone WHERE id = @BatchId AND trials_done <= @TrialsDone";

    private const string SelectCheckpoint = """
        SELECT batch_id, partial, done_chunks, trials_done, updated_at FROM batch_checkpoints WHERE batch_id = @BatchId
        """;

    private const string SelectRuns = """
        SELECT batch_id, chunk_index, silo, trials, seconds FROM chunk_runs WHERE batch_id = @BatchId ORDER BY chunk_index
        """;

    private const string SelectRunsPerSilo = """
        SELECT silo, count(*), sum(trials), sum(seconds) FROM chunk_runs WHERE batch_id = @BatchId
        GROUP BY silo ORDER BY silo
        """;

    /// <summary>
    /// Replaces the batch's checkpoint unless the stored one has more trials, adds <paramref name="newRuns"/>
    /// (a chunk already recorded keeps its first run) and sets the batch's trials_done, in one transaction.
    /// </summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">
    /// The batch is unknown, or a constraint fails; nothing is written.
    /// </exception>
    public void Save(Checkpoint checkpoint, IEnumerable<ChunkRun> newRuns)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(newRuns);
        var runs = newRuns.ToList();
        if (runs.Find(r => r.BatchId != checkpoint.BatchId) is { } stray)
            throw new ArgumentException($"chunk run {stray.ChunkIndex} belongs to batch {stray.BatchId}, not {checkpoint.BatchId}", nameof(newRuns));

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        connection.Execute(UpsertCheckpoint, new
        {
            checkpoint.BatchId, checkpoint.Partial, checkpoint.DoneChunks, checkpoint.TrialsDone,
            UpdatedAt = IsoTime.Format(checkpoint.UpdatedAt),
        }, transaction);
        connection.Execute(InsertRun, runs, transaction);
        connection.Execute(UpdateTrialsDone, new { checkpoint.BatchId, checkpoint.TrialsDone }, transaction);
        transaction.Commit();
    }

    /// <summary>The batch's last checkpoint, or null.</summary>
    public Checkpoint? Load(string batchId)
    {
        using var connection = database.Open();
        var rows = connection.Query<(string BatchId, byte[] Partial, byte[] DoneChunks, long TrialsDone, string UpdatedAt)>(
            SelectCheckpoint, new { BatchId = batchId }).ToList();
        return rows is [var r] ? new Checkpoint(r.BatchId, r.Partial, r.DoneChunks, r.TrialsDone, IsoTime.Parse(r.UpdatedAt)) : null;
    }

    /// <summary>The batch's checkpointed chunk runs, by chunk index.</summary>
    public IReadOnlyList<ChunkRun> Runs(string batchId)
    {
        using var connection = database.Open();
        return [.. connection.Query<(string BatchId, long ChunkIndex, string Silo, long Trials, double Seconds)>(SelectRuns, new { BatchId = batchId })
            .Select(r => new ChunkRun(r.BatchId, checked((int)r.ChunkIndex), r.Silo, r.Trials, r.Seconds))];
    }

    /// <summary>The batch's checkpointed chunks per silo, by silo name.</summary>
    public IReadOnlyList<SiloRunSummary> RunsPerSilo(string batchId)
    {
        using var connection = database.Open();
        return [.. connection.Query<(string Silo, long Chunks, long Trials, double Seconds)>(SelectRunsPerSilo, new { BatchId = batchId })
            .Select(r => new SiloRunSummary(r.Silo, checked((int)r.Chunks), r.Trials, r.Seconds))];
    }
}
