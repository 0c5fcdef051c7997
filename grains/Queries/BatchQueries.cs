using System.Text.Json;
using Dapper;

namespace ScenarioGrid.Queries;

/// <summary>Reads the <c>batches</c> table and the unit runs: one batch, pages of batches, the unfinished ones.</summary>
public sealed class BatchQueries(ScenarioGridDatabase database)
{
    private const string SelectById = $"SELECT {BatchRow.Columns} FROM batches WHERE id = @Id";

    private readonly string SelectByIds = $"SELECT {BatchRow.Columns} FROM batches WHERE {database.InJsonTexts("id", "@Ids")}";

    private const string Filters = """
        (@Status IS NULL OR (status = @Status AND paused_at IS NULL) OR (@Status = 'Paused' AND paused_at IS NOT NULL))
        AND (@ScenarioId IS NULL OR scenario_id = @ScenarioId)
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

    private const string SelectUnitsPerSilo = """
        SELECT silo, count(*), CAST(sum(trials) AS BIGINT), sum(seconds) FROM unit_runs WHERE batch_id = @BatchId
        GROUP BY silo ORDER BY silo
        """;

    /// <summary>The batch, or null.</summary>
    public BatchRecord? Get(string id)
    {
        using var connection = database.OpenForReading();
        return connection.QuerySingleOrDefault<BatchRow>(SelectById, new { Id = id })?.ToRecord();
    }

    /// <summary>The batches among <paramref name="ids"/> that exist, in one query, by id.</summary>
    public IReadOnlyDictionary<string, BatchRecord> Get(IReadOnlyCollection<string> ids)
    {
        if (ids.Count == 0) return new Dictionary<string, BatchRecord>();
        using var connection = database.OpenForReading();
        return connection.Query<BatchRow>(SelectByIds, new { Ids = JsonSerializer.Serialize(ids) }).Select(r => r.ToRecord()).ToDictionary(b => b.Id);
    }

    /// <summary>The cursor that pages on after <paramref name="batch"/> (as <see cref="List"/> gives EndCursor).</summary>
    public static string CursorOf(BatchRecord batch) => new BatchCursor(IsoTime.Format(batch.CreatedAt), batch.Id).Encode();

    /// <summary>One page, newest first (created_at, then id, descending).</summary>
    /// <exception cref="ArgumentException">A page size outside 0..<see cref="BatchQuery.MaxPageSize"/>, or a malformed cursor.</exception>
    public BatchPage List(BatchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.First is < 0 or > BatchQuery.MaxPageSize)
            throw new ArgumentOutOfRangeException(nameof(query), query.First, $"the page size must be from 0 to {BatchQuery.MaxPageSize}");
        BatchCursor? after = query.After is null ? null : BatchCursor.Decode(query.After);
        var filters = new { Status = query.Status?.ToString(), query.ScenarioId };

        using var connection = database.OpenForReading();
        // One read transaction: the page and the count come from the same snapshot.
        using var transaction = database.BeginSnapshot(connection);
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

    /// <summary>Queued and Running batches, oldest first: what a silo's supervisor resumes.</summary>
    public IReadOnlyList<BatchRecord> Unfinished()
    {
        using var connection = database.OpenForReading();
        return [.. connection.Query<BatchRow>(SelectUnfinished).Select(r => r.ToRecord())];
    }

    /// <summary>The batch's checkpointed work units per silo, by silo name.</summary>
    public IReadOnlyList<SiloUnits> UnitsPerSilo(string batchId)
    {
        using var connection = database.OpenForReading();
        return [.. connection.Query<(string Silo, long Units, long Trials, double Seconds)>(SelectUnitsPerSilo, new { BatchId = batchId })
            .Select(r => new SiloUnits(r.Silo, checked((int)r.Units), r.Trials, r.Seconds))];
    }
}
