using Dapper;

namespace ScenarioGrid.Persistence;

/// <summary>
/// The <c>batches</c> table: one row per submitted batch, the index the API lists and the silos reconcile
/// from at start-up. Thread-safe; one connection per call; every write is one statement, hence atomic.
/// </summary>
public sealed class BatchStore(ScenarioGridDatabase database)
{
    private const string InsertBatch = """
        INSERT INTO batches (id, scenario_id, scenario_sha256, seed, trials, chunk_size, chunk_count, status,
            trials_done, created_at, started_at, finished_at, error, model_version, software_version, cancel_requested)
        VALUES (@Id, @ScenarioId, @ScenarioSha256, @Seed, @Trials, @ChunkSize, @ChunkCount, @Status,
            @TrialsDone, @CreatedAt, @StartedAt, @FinishedAt, @Error, @ModelVersion, @SoftwareVersion, @CancelRequested)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string SelectById = $"SELECT {BatchRow.Columns} FROM batches WHERE id = @Id";

    private const string Filters = """
        (@Status IS NULL OR status = @Status) AND (@ScenarioId IS NULL OR scenario_id = @ScenarioId)
        """;

    private const string SelectPage = $"""
        SELECT {BatchRow.Columns} FROM batches
        WHERE {Filters}
          AND (@AfterCreatedAt IS NULL OR created_at < @AfterCreatedAt
               OR (created_at = @AfterCreatedAt AND id < @AfterId))
        ORDER BY created_at DESC, id DESC
        LIMIT @Limit
        """;

    private const string CountMatching = $"SELECT count(*) FROM batches WHERE {Filters}";

    private const string SelectUnfinished = $"""
        SELECT {BatchRow.Columns} FROM batches WHERE status IN ('Queued', 'Running') ORDER BY created_at, id
        """;

    // The row changes only if its current status is one the target may be reached from, so a finished
    // batch never changes and two silos racing cannot both win.
    private const string UpdateStatus = """
        UPDATE batches SET
            status = @To,
            error = @Error,
            started_at = CASE WHEN @To = 'Running' THEN @At ELSE started_at END,
            finished_at = CASE WHEN @IsTerminal THEN @At ELSE finished_at END
        WHERE id = @Id AND status IN (@From1, @From2)
        """;

    private const string UpdateProgress = "UPDATE batches SET trials_done = @TrialsDone WHERE id = @Id";

    private const string UpdateCancel = """
        UPDATE batches SET cancel_requested = 1 WHERE id = @Id AND status IN ('Queued', 'Running')
        """;

    private const string SelectCancel = "SELECT cancel_requested FROM batches WHERE id = @Id";

    /// <summary>Adds the batch; false (and nothing changes) when a batch with that id exists.</summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">No stored scenario has its <see cref="BatchRecord.ScenarioSha256"/>.</exception>
    public bool Insert(BatchRecord batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentException.ThrowIfNullOrEmpty(batch.Id);
        using var connection = database.Open();
        return connection.Execute(InsertBatch, new
        {
            batch.Id, batch.ScenarioId, batch.ScenarioSha256, batch.Seed, batch.Trials, batch.ChunkSize,
            batch.ChunkCount, Status = batch.Status.ToString(), batch.TrialsDone,
            CreatedAt = IsoTime.Format(batch.CreatedAt), StartedAt = IsoTime.Format(batch.StartedAt),
            FinishedAt = IsoTime.Format(batch.FinishedAt), batch.Error, batch.ModelVersion, batch.SoftwareVersion,
            CancelRequested = batch.CancelRequested ? 1 : 0,
        }) == 1;
    }

    /// <summary>The batch, or null.</summary>
    public BatchRecord? Get(string id)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<BatchRow>(SelectById, new { Id = id })?.ToRecord();
    }

    /// <summary>One page, newest first (created_at, then id, descending).</summary>
    /// <exception cref="ArgumentException">A page size outside 0..<see cref="BatchQuery.MaxPageSize"/>, or a malformed cursor.</exception>
    /// <summary>The cursor that pages on after <paramref name="batch"/> (the one <see cref="List"/> gives as EndCursor when it ends a page).</summary>
    public static string CursorOf(BatchRecord batch) => new BatchCursor(IsoTime.Format(batch.CreatedAt), batch.Id).Encode();

    public BatchPage List(BatchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.First is < 0 or > BatchQuery.MaxPageSize)
            throw new ArgumentOutOfRangeException(nameof(query), query.First, $"the page size must be from 0 to {BatchQuery.MaxPageSize}");
        BatchCursor? after = query.After is null ? null : BatchCursor.Decode(query.After);
        var filters = new { Status = query.Status?.ToString(), query.ScenarioId };

        using var connection = database.Open();
        // One read transaction: the page and the count come from the same snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);
        var rows = connection.Query<BatchRow>(SelectPage, new
        {
            filters.Status, filters.ScenarioId, AfterCreatedAt = after?.CreatedAt, AfterId = after?.Id,
            Limit = query.First + 1,
        }, transaction).ToList();
        int total = connection.ExecuteScalar<int>(CountMatching, filters, transaction);

        bool hasNext = rows.Count > query.First;
        if (hasNext) rows.RemoveAt(rows.Count - 1);
        string? endCursor = rows.Count == 0 ? null : new BatchCursor(rows[^1].CreatedAt, rows[^1].Id).Encode();
        return new BatchPage([.. rows.Select(r => r.ToRecord())], endCursor, hasNext, total);
    }

    /// <summary>Queued and Running batches, oldest first: what a silo resumes at start-up.</summary>
    public IReadOnlyList<BatchRecord> ListUnfinished()
    {
        using var connection = database.Open();
        return [.. connection.Query<BatchRow>(SelectUnfinished).Select(r => r.ToRecord())];
    }

    /// <summary>
    /// Moves the batch to <paramref name="status"/> if that is a legal transition from its current status
    /// (see <see cref="BatchTransitions"/>), and records <paramref name="error"/> (null clears it). Running
    /// sets started_at, a final status sets finished_at, to <paramref name="at"/> (default: now).
    /// </summary>
    /// <returns>False, changing nothing, when the batch is unknown or the transition is illegal (e.g. it already finished).</returns>
    public bool SetStatus(string id, BatchStatus status, string? error = null, DateTimeOffset? at = null)
    {
        var sources = BatchTransitions.Sources(status);
        if (sources.Count == 0) return false;
        using var connection = database.Open();
        return connection.Execute(UpdateStatus, new
        {
            Id = id, To = status.ToString(), Error = error, At = IsoTime.Format(at ?? DateTimeOffset.UtcNow),
            IsTerminal = BatchTransitions.IsTerminal(status), From1 = sources[0].ToString(), From2 = sources[^1].ToString(),
        }) == 1;
    }

    /// <summary>Sets trials_done; false when the batch is unknown. (A checkpoint sets it too, atomically with the checkpoint.)</summary>
    public bool SetProgress(string id, long trialsDone)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trialsDone);
        using var connection = database.Open();
        return connection.Execute(UpdateProgress, new { Id = id, TrialsDone = trialsDone }) == 1;
    }

    /// <summary>Flags the batch for cancellation; false when it is unknown or already finished.</summary>
    public bool RequestCancel(string id)
    {
        using var connection = database.Open();
        return connection.Execute(UpdateCancel, new { Id = id }) == 1;
    }

    /// <summary>Whether cancellation was requested (false for an unknown batch).</summary>
    public bool IsCancelRequested(string id)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long?>(SelectCancel, new { Id = id }) == 1;
    }
}
