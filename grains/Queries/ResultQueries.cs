using System.Text.Json;
using System.Data.Common;
using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Queries;

/// <summary>
/// Final batch results, one row per series, step series, milestone and comparison, so clients can fetch slices
/// (an entity's series, some years) without reading the whole document. <see cref="Document"/> (a single run) and
/// <see cref="SetDocument"/> (a strategy set) rebuild the document exactly as saved: same order, every double bit
/// for bit, nulls kept. The slices take a <c>member</c>: null for a single run's rows, a strategy id for that
/// member's rows of a set. Read-only (the batch grain writes them, with its final status, through the persistence
/// library); thread-safe; one connection per call.
/// </summary>
public sealed class ResultQueries(ScenarioGridDatabase database)
{
    private const string SelectDocument = $"SELECT {ResultReader.DocumentColumns} FROM result_documents WHERE batch_id = @BatchId";

    private const string SelectMembers = "SELECT strategy FROM result_members WHERE batch_id = @BatchId ORDER BY position";

    // The one dialect difference of the result queries: how a JSON array parameter becomes a set of years.
    private static string YearFilter(ScenarioGridDatabase database) => $"AND (@Years IS NULL OR {database.InJsonIntegers("year", "@Years")})";

    // One statement per filter combination, so each can use the (batch_id, member, entity, metric) index.
    private readonly string SelectSeries = $"""
        SELECT {ResultReader.SeriesColumns} FROM series WHERE batch_id = @BatchId AND member = @Member {YearFilter(database)} ORDER BY seq
        """;

    private readonly string SelectSeriesOfEntity = $"""
        SELECT {ResultReader.SeriesColumns} FROM series
        WHERE batch_id = @BatchId AND member = @Member AND entity = @Entity {YearFilter(database)} ORDER BY seq
        """;

    private readonly string SelectSeriesOfMetric = $"""
        SELECT {ResultReader.SeriesColumns} FROM series
        WHERE batch_id = @BatchId AND member = @Member AND metric = @Metric {YearFilter(database)} ORDER BY seq
        """;

    private readonly string SelectSeriesOfEntityMetric = $"""
        SELECT {ResultReader.SeriesColumns} FROM series
        WHERE batch_id = @BatchId AND member = @Member AND entity = @Entity AND metric = @Metric {YearFilter(database)} ORDER BY seq
        """;

    private static string StepFilters(ScenarioGridDatabase database) => $"""
        AND (@Step IS NULL OR step = @Step) AND (@Metric IS NULL OR metric = @Metric) {YearFilter(database)} ORDER BY seq
        """;

    private readonly string SelectSteps = $"""
        SELECT {ResultReader.StepColumns} FROM steps WHERE batch_id = @BatchId AND member = @Member {StepFilters(database)}
        """;

    private readonly string SelectStepsOfEntity = $"""
        SELECT {ResultReader.StepColumns} FROM steps
        WHERE batch_id = @BatchId AND member = @Member AND entity = @Entity {StepFilters(database)}
        """;

    private const string SelectMilestones = $"""
        SELECT {ResultReader.MilestoneColumns} FROM milestones
        WHERE batch_id = @BatchId AND member = @Member AND (@Entity IS NULL OR entity = @Entity) ORDER BY seq
        """;

    private const string SelectMilestoneYears = $"""
        SELECT {ResultReader.MilestoneYearColumns}
        FROM milestone_years y JOIN milestones m ON m.batch_id = y.batch_id AND m.seq = y.milestone_seq
        WHERE y.batch_id = @BatchId AND m.member = @Member AND (@Entity IS NULL OR m.entity = @Entity)
        ORDER BY y.milestone_seq, y.position
        """;

    private const string SelectComparisons = $"""
        SELECT {ResultReader.ComparisonColumns} FROM comparisons
        WHERE batch_id = @BatchId AND member = @Member AND (@A IS NULL OR a = @A) ORDER BY seq
        """;

    private const string SelectStrategyComparisons = $"""
        SELECT {ResultReader.StrategyComparisonColumns} FROM strategy_comparisons
        WHERE batch_id = @BatchId AND (@Entity IS NULL OR entity = @Entity) ORDER BY seq
        """;

    /// <summary>The batch's single-run result as saved, or null when none was saved (or the batch ran a strategy set).</summary>
    public BatchResult? Document(string batchId)
    {
        using var connection = database.OpenForReading();
        using var transaction = database.BeginSnapshot(connection); // one snapshot for every read
        using var document = ResultReader.Command(connection, transaction, SelectDocument, ("@BatchId", batchId));
        if (ResultReader.Document(document) is not { IsSet: false } d) return null;
        return new BatchResult(d.Scenario, d.Seed, d.Trials, d.ModelVersion, d.Years,
            Series(connection, transaction, batchId, null, null, null, null),
            Milestones(connection, transaction, batchId, null, null),
            Comparisons(connection, transaction, batchId, null, null),
            d.Provenance)
        {
            Strategy = d.Strategy,
            Steps = d.HasSteps ? Steps(connection, transaction, batchId, null, null, null, null, null) : null,
        };
    }

    /// <summary>The batch's strategy-set result as saved, or null when none was saved (or the batch ran a single member).</summary>
    public SetResult? SetDocument(string batchId)
    {
        using var connection = database.OpenForReading();
        using var transaction = database.BeginSnapshot(connection);
        using var document = ResultReader.Command(connection, transaction, SelectDocument, ("@BatchId", batchId));
        if (ResultReader.Document(document) is not { IsSet: true } d) return null;
        var members = Members(connection, transaction, batchId).Select(m => new MemberResult(m,
            Series(connection, transaction, batchId, null, null, null, m),
            Steps(connection, transaction, batchId, null, null, null, null, m),
            Milestones(connection, transaction, batchId, null, m),
            Comparisons(connection, transaction, batchId, null, m))).ToList();
        return new SetResult(d.Scenario, d.Seed, d.Trials, d.ModelVersion, d.Years, members,
            StrategyComparisons(connection, transaction, batchId, null), d.Provenance);
    }

    /// <summary>The members of a stored strategy-set result, in member order; empty for a single run or no result.</summary>
    public IReadOnlyList<string> Members(string batchId)
    {
        using var connection = database.OpenForReading();
        return Members(connection, null, batchId);
    }

    /// <summary>
    /// The batch's series in saved order, optionally of one entity, one metric and some years
    /// (null: no filter; an empty list: no years, hence no rows), of a single run or of one set member.
    /// Empty for an unknown batch.
    /// </summary>
    public IReadOnlyList<SeriesStatistics> Series(string batchId, string? entity = null, string? metric = null, IReadOnlyList<int>? years = null,
        string? member = null)
    {
        using var connection = database.OpenForReading();
        return Series(connection, null, batchId, entity, metric, years, member);
    }

    /// <summary>The batch's step series (model v2) in saved order, optionally of one entity, step, metric and some years.</summary>
    public IReadOnlyList<StepStatistics> Steps(string batchId, string? entity = null, string? step = null, string? metric = null,
        IReadOnlyList<int>? years = null, string? member = null)
    {
        using var connection = database.OpenForReading();
        return Steps(connection, null, batchId, entity, step, metric, years, member);
    }

    /// <summary>The batch's milestones in saved order, optionally of one entity.</summary>
    public IReadOnlyList<MilestoneResult> Milestones(string batchId, string? entity = null, string? member = null)
    {
        using var connection = database.OpenForReading();
        using var transaction = database.BeginSnapshot(connection);
        return Milestones(connection, transaction, batchId, entity, member);
    }

    /// <summary>The batch's comparisons in saved order, optionally those whose first side is <paramref name="a"/>.</summary>
    public IReadOnlyList<ComparisonResult> Comparisons(string batchId, string? a = null, string? member = null)
    {
        using var connection = database.OpenForReading();
        return Comparisons(connection, null, batchId, a, member);
    }

    /// <summary>A strategy set's cross-member comparisons in saved order, optionally of one entity.</summary>
    public IReadOnlyList<StrategyComparisonResult> StrategyComparisons(string batchId, string? entity = null)
    {
        using var connection = database.OpenForReading();
        return StrategyComparisons(connection, null, batchId, entity);
    }

    private static string MemberKey(string? member) => member ?? "";

    private static IReadOnlyList<string> Members(DbConnection connection, DbTransaction? transaction, string batchId)
    {
        using var command = ResultReader.Command(connection, transaction, SelectMembers, ("@BatchId", batchId));
        var list = new List<string>();
        using var r = command.ExecuteReader();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    private IReadOnlyList<SeriesStatistics> Series(DbConnection connection, DbTransaction? transaction,
        string batchId, string? entity, string? metric, IReadOnlyList<int>? years, string? member)
    {
        string sql = (entity, metric) switch
        {
            (not null, not null) => SelectSeriesOfEntityMetric,
            (not null, null) => SelectSeriesOfEntity,
            (null, not null) => SelectSeriesOfMetric,
            _ => SelectSeries,
        };
        using var command = ResultReader.Command(connection, transaction, sql, ("@BatchId", batchId), ("@Member", MemberKey(member)),
            ("@Entity", entity), ("@Metric", metric), ("@Years", Years(years)));
        return ResultReader.Series(command);
    }

    private IReadOnlyList<StepStatistics> Steps(DbConnection connection, DbTransaction? transaction,
        string batchId, string? entity, string? step, string? metric, IReadOnlyList<int>? years, string? member)
    {
        using var command = ResultReader.Command(connection, transaction, entity is null ? SelectSteps : SelectStepsOfEntity,
            ("@BatchId", batchId), ("@Member", MemberKey(member)), ("@Entity", entity), ("@Step", step), ("@Metric", metric),
            ("@Years", Years(years)));
        return ResultReader.Steps(command);
    }

    private static IReadOnlyList<MilestoneResult> Milestones(DbConnection connection, DbTransaction? transaction, string batchId,
        string? entity, string? member)
    {
        using var milestones = ResultReader.Command(connection, transaction, SelectMilestones, ("@BatchId", batchId),
            ("@Member", MemberKey(member)), ("@Entity", entity));
        using var years = ResultReader.Command(connection, transaction, SelectMilestoneYears, ("@BatchId", batchId),
            ("@Member", MemberKey(member)), ("@Entity", entity));
        return ResultReader.Milestones(milestones, years);
    }

    private static IReadOnlyList<ComparisonResult> Comparisons(DbConnection connection, DbTransaction? transaction, string batchId,
        string? a, string? member)
    {
        using var command = ResultReader.Command(connection, transaction, SelectComparisons, ("@BatchId", batchId),
            ("@Member", MemberKey(member)), ("@A", a));
        return ResultReader.Comparisons(command);
    }

    private static IReadOnlyList<StrategyComparisonResult> StrategyComparisons(DbConnection connection, DbTransaction? transaction,
        string batchId, string? entity)
    {
        using var command = ResultReader.Command(connection, transaction, SelectStrategyComparisons, ("@BatchId", batchId), ("@Entity", entity));
        return ResultReader.StrategyComparisons(command);
    }

    private static string? Years(IReadOnlyList<int>? years) => years is null ? null : JsonSerializer.Serialize(years);
}
