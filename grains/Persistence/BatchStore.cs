using Dapper;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence;

/// <summary>
/// The batch grain's storage: its state is its <c>batches</c> row (<see cref="BatchRecord"/>), and every write
/// of it commits together with whatever else that moment changes (a checkpoint and the unit runs it covers,
/// the final results), so a process killed at any moment leaves the previous state or the new one, never a
/// mix. Each write names the version it replaces; a row changed meanwhile by someone else (a second
/// activation after a silo died, or a CLI process on the same file) makes the write fail and change nothing.
/// Calls run on the thread pool: SQLite's driver has no truly asynchronous I/O, and a grain turn must not block.
/// On PostgreSQL the version check is also the lock: the UPDATE holds the batch's row until commit (Providers/PostgresProvider).
/// Only the batch grain uses it; everybody else reads through <see cref="BatchQueries"/>.
/// </summary>
public sealed class BatchStore(ScenarioGridDatabase database)
{
    private const string Insert = """
        INSERT INTO batches (id, scenario_id, scenario_sha256, seed, trials, chunk_size, unit_trials, unit_count,
            status, trials_done, created_at, started_at, finished_at, error, model_version, software_version, version,
            strategy, strategy_set, priority, paused_at, until_rule, stop_reason)
        VALUES (@Id, @ScenarioId, @ScenarioSha256, @Seed, @Trials, @ChunkSize, @UnitTrials, @UnitCount,
            @Status, @TrialsDone, @CreatedAt, @StartedAt, @FinishedAt, @Error, @ModelVersion, @SoftwareVersion, 0,
            @Strategy, @StrategySet, @Priority, @PausedAt, @UntilRule, @StopReason)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string SelectById = $"SELECT {BatchRow.Columns} FROM batches WHERE id = @Id";

    // Only what changes in a batch's life; the request and provenance are written once, by Insert.
    private const string Update = """
        UPDATE batches SET status = @Status, trials_done = @TrialsDone, started_at = @StartedAt,
            finished_at = @FinishedAt, error = @Error, paused_at = @PausedAt, stop_reason = @StopReason,
            version = @Version + 1
        WHERE id = @Id AND version = @Version
        """;

    private const string UpsertCheckpoint = """
        INSERT INTO batch_checkpoints (batch_id, partial, done_units, trials_done, updated_at, unit_estimates)
        VALUES (@BatchId, @Partial, @DoneUnits, @TrialsDone, @UpdatedAt, @UnitEstimates)
        ON CONFLICT (batch_id) DO UPDATE SET
            partial = excluded.partial, done_units = excluded.done_units,
            trials_done = excluded.trials_done, updated_at = excluded.updated_at, unit_estimates = excluded.unit_estimates
        """;

    // A unit keeps its first recorded run: a unit redone after a crash ran twice, and the first is the one
    // the merged statistics were checkpointed with at least once.
    private const string InsertRun = """
        INSERT INTO unit_runs (batch_id, unit_index, silo, trials, seconds)
        VALUES (@BatchId, @UnitIndex, @Silo, @Trials, @Seconds)
        ON CONFLICT (batch_id, unit_index) DO NOTHING
        """;

    private const string DeleteCheckpoint = "DELETE FROM batch_checkpoints WHERE batch_id = @Id";

    private const string SelectCheckpoint = """
        SELECT batch_id, partial, done_units, trials_done, updated_at, unit_estimates FROM batch_checkpoints WHERE batch_id = @BatchId
        """;

    /// <summary>The batch's row, or null.</summary>
    public Task<BatchRecord?> Load(string id) => Task.Run(() =>
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<BatchRow>(SelectById, new { Id = id })?.ToRecord();
    });

    /// <summary>Adds the batch (its <see cref="BatchRecord.Version"/> is 0); false, changing nothing, when the id exists.</summary>
    /// <exception cref="System.Data.Common.DbException">No stored scenario has the batch's hash (a foreign key violation).</exception>
    public Task<bool> Create(BatchRecord batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentException.ThrowIfNullOrEmpty(batch.Id);
        return Task.Run(() =>
        {
            using var connection = database.Open();
            return connection.Execute(Insert, BatchRow.Parameters(batch)) == 1;
        });
    }

    /// <summary>
    /// Replaces the row whose version is <paramref name="batch"/>.Version by <paramref name="batch"/> (stored with
    /// the version raised by one), together with a new <paramref name="checkpoint"/>, the unit runs it covers and
    /// the final <paramref name="result"/> (a single run's) or <paramref name="setResult"/> (a strategy set's), when
    /// given, in one transaction. A finished batch's checkpoint is deleted.
    /// </summary>
    /// <returns>False, writing nothing, when the stored row is not at that version (or is gone).</returns>
    public Task<bool> Save(BatchRecord batch, Checkpoint? checkpoint = null, IReadOnlyList<UnitRun>? runs = null, BatchResult? result = null,
        SetResult? setResult = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (result is not null && setResult is not null) throw new ArgumentException("a batch has one result document, not two");
        if (checkpoint is not null && checkpoint.BatchId != batch.Id)
            throw new ArgumentException($"the checkpoint belongs to batch {checkpoint.BatchId}, not {batch.Id}", nameof(checkpoint));
        if (runs?.FirstOrDefault(r => r.BatchId != batch.Id) is { } stray)
            throw new ArgumentException($"unit run {stray.UnitIndex} belongs to batch {stray.BatchId}, not {batch.Id}", nameof(runs));
        return Task.Run(() =>
        {
            using var connection = database.Open();
            using var transaction = connection.BeginTransaction();
            if (connection.Execute(Update, BatchRow.Parameters(batch), transaction) != 1) return false;
            if (checkpoint is not null)
            {
                connection.Execute(UpsertCheckpoint, new
                {
                    checkpoint.BatchId, checkpoint.Partial, checkpoint.DoneUnits, checkpoint.TrialsDone,
                    UpdatedAt = IsoTime.Format(checkpoint.UpdatedAt), UnitEstimates = EstimatesJson.Format(checkpoint.UnitEstimates),
                }, transaction);
            }
            if (runs is { Count: > 0 }) connection.Execute(InsertRun, runs, transaction);
            if (result is not null) ResultWriter.Write(database, connection, transaction, batch.Id, result);
            if (setResult is not null) ResultWriter.Write(database, connection, transaction, batch.Id, setResult);
            // A finished batch is never resumed: its checkpoint (the merged statistics, up to a few MB) goes.
            if (batch.IsFinished) connection.Execute(DeleteCheckpoint, new { batch.Id }, transaction);
            transaction.Commit();
            return true;
        });
    }

    /// <summary>The batch's last checkpoint, or null.</summary>
    public Task<Checkpoint?> LoadCheckpoint(string batchId) => Task.Run(() =>
    {
        using var connection = database.Open();
        var rows = connection.Query<(string BatchId, byte[] Partial, byte[] DoneUnits, long TrialsDone, string UpdatedAt, string? UnitEstimates)>(
            SelectCheckpoint, new { BatchId = batchId }).ToList();
        return rows is [var r]
            ? new Checkpoint(r.BatchId, r.Partial, r.DoneUnits, r.TrialsDone, IsoTime.Parse(r.UpdatedAt), EstimatesJson.Parse(r.UnitEstimates))
            : null;
    });
}
