using System.Text.Json;
using Microsoft.Data.Sqlite;
using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Queries;

/// <summary>
/// Final batch results, one row per series, milestone and comparison, so clients can fetch slices
/// (an entity's series, some years) without reading the whole document. <see cref="Document"/> rebuilds the
/// <see cref="BatchResult"/> exactly as saved: same order, every double bit for bit, nulls kept.
/// Read-only (the batch grain writes them, with its final status, through the persistence library);
/// thread-safe; one connection per call.
/// </summary>
public sealed class ResultQueries(ScenarioGridDatabase database)
{
    private const string SelectDocument = $"SELECT {ResultReader.DocumentColumns} FROM result_documents WHERE batch_id = @BatchId";

    private const string YearFilter = "AND (@Years IS NULL OR year IN (SELECT value FROM json_each(@Years)))";

    // One statement per filter combination, so each can use the (batch_id, entity, metric) index.
    private const string SelectSeries = $"""
        SELECT {ResultReader.SeriesColumns} FROM series WHERE batch_id = @BatchId {YearFilter} ORDER BY seq
        """;

    private const string SelectSeriesOfEntity = $"""
        SELECT {ResultReader.SeriesColumns} FROM series WHERE batch_id = @BatchId AND entity = @Entity {YearFilter} ORDER BY seq
        """;

    private const string SelectSeriesOfMetric = $"""
        SELECT {ResultReader.SeriesColumns} FROM series WHERE batch_id = @BatchId AND metric = @Metric {YearFilter} ORDER BY seq
        """;

    private const string SelectSeriesOfEntityMetric = $"""
        SELECT {ResultReader.SeriesColumns} FROM series
        WHERE batch_id = @BatchId AND entity = @Entity AND metric = @Metric {YearFilter} ORDER BY seq
        """;

    private const string SelectMilestones = $"""
        SELECT {ResultReader.MilestoneColumns} FROM milestones
        WHERE batch_id = @BatchId AND (@Entity IS NULL OR entity = @Entity) ORDER BY seq
        """;

    private const string SelectMilestoneYears = $"""
        SELECT {ResultReader.MilestoneYearColumns}
        FROM milestone_years y JOIN milestones m ON m.batch_id = y.batch_id AND m.seq = y.milestone_seq
        WHERE y.batch_id = @BatchId AND (@Entity IS NULL OR m.entity = @Entity)
        ORDER BY y.milestone_seq, y.position
        """;

    private const string SelectComparisons = $"""
        SELECT {ResultReader.ComparisonColumns} FROM comparisons
        WHERE batch_id = @BatchId AND (@A IS NULL OR a = @A) ORDER BY seq
        """;

    /// <summary>The batch's result as saved, or null when none was saved.</summary>
    public BatchResult? Document(string batchId)
    {
        using var connection = database.OpenForReading();
        using var transaction = connection.BeginTransaction(deferred: true); // one snapshot for all four reads
        using var document = ResultReader.Command(connection, transaction, SelectDocument, ("@BatchId", batchId));
        if (ResultReader.Document(document) is not { } d) return null;
        return new BatchResult(d.Scenario, d.Seed, d.Trials, d.ModelVersion, d.Years,
            Series(connection, transaction, batchId, null, null, null),
            Milestones(connection, transaction, batchId, null),
            Comparisons(connection, transaction, batchId, null),
            d.Provenance);
    }

    /// <summary>
    /// The batch's series in saved order, optionally of one entity, one metric and some years
    /// (null: no filter; an empty list: no years, hence no rows). Empty for an unknown batch.
    /// </summary>
    public IReadOnlyList<SeriesStatistics> Series(string batchId, string? entity = null, string? metric = null, IReadOnlyList<int>? years = null)
    {
        using var connection = database.OpenForReading();
        return Series(connection, null, batchId, entity, metric, years);
    }

    /// <summary>The batch's milestones in saved order, optionally of one entity.</summary>
    public IReadOnlyList<MilestoneResult> Milestones(string batchId, string? entity = null)
    {
        using var connection = database.OpenForReading();
        using var transaction = connection.BeginTransaction(deferred: true);
        return Milestones(connection, transaction, batchId, entity);
    }

    /// <summary>The batch's comparisons in saved order, optionally those whose first side is <paramref name="a"/>.</summary>
    public IReadOnlyList<ComparisonResult> Comparisons(string batchId, string? a = null)
    {
        using var connection = database.OpenForReading();
        return Comparisons(connection, null, batchId, a);
    }

    private static IReadOnlyList<SeriesStatistics> Series(SqliteConnection connection, SqliteTransaction? transaction,
        string batchId, string? entity, string? metric, IReadOnlyList<int>? years)
    {
        string sql = (entity, metric) switch
        {
            (not null, not null) => SelectSeriesOfEntityMetric,
            (not null, null) => SelectSeriesOfEntity,
            (null, not null) => SelectSeriesOfMetric,
            _ => SelectSeries,
        };
        using var command = ResultReader.Command(connection, transaction, sql, ("@BatchId", batchId), ("@Entity", entity),
            ("@Metric", metric), ("@Years", years is null ? null : JsonSerializer.Serialize(years)));
        return ResultReader.Series(command);
    }

    private static IReadOnlyList<MilestoneResult> Milestones(SqliteConnection connection, SqliteTransaction? transaction, string batchId, string? entity)
    {
        using var milestones = ResultReader.Command(connection, transaction, SelectMilestones, ("@BatchId", batchId), ("@Entity", entity));
        using var years = ResultReader.Command(connection, transaction, SelectMilestoneYears, ("@BatchId", batchId), ("@Entity", entity));
        return ResultReader.Milestones(milestones, years);
    }

    private static IReadOnlyList<ComparisonResult> Comparisons(SqliteConnection connection, SqliteTransaction? transaction, string batchId, string? a)
    {
        using var command = ResultReader.Command(connection, transaction, SelectComparisons, ("@BatchId", batchId), ("@A", a));
        return ResultReader.Comparisons(command);
    }
}
