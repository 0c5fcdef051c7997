using System.Text.Json;
using System.Data.Common;
using ScenarioGrid.Engine.Results;

using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence;

/// <summary>
/// Writes one result document into the result tables inside the caller's transaction, replacing any earlier copy:
/// a single run's <see cref="BatchResult"/> (v1, or v2 with its step series), or a strategy set's
/// <see cref="SetResult"/> (each member's rows tagged with the member, then the cross-member comparisons).
/// Row commands are prepared once and reused (a batch has thousands of series rows).
/// </summary>
internal static class ResultWriter
{
    private const string DeleteOld = """
        DELETE FROM milestone_years WHERE batch_id = @BatchId;
        DELETE FROM milestones WHERE batch_id = @BatchId;
        DELETE FROM series WHERE batch_id = @BatchId;
        DELETE FROM steps WHERE batch_id = @BatchId;
        DELETE FROM comparisons WHERE batch_id = @BatchId;
        DELETE FROM strategy_comparisons WHERE batch_id = @BatchId;
        DELETE FROM result_members WHERE batch_id = @BatchId;
        DELETE FROM result_documents WHERE batch_id = @BatchId;
        """;

    private const string InsertDocument = """
        INSERT INTO result_documents (batch_id, scenario, seed, trials, model_version, years, scenario_sha256,
            software_version, provenance_seed, provenance_trials, provenance_model_version, strategy, has_steps, is_set)
        VALUES (@BatchId, @Scenario, @Seed, @Trials, @ModelVersion, @Years, @ScenarioSha256,
            @SoftwareVersion, @ProvenanceSeed, @ProvenanceTrials, @ProvenanceModelVersion, @Strategy, @HasSteps, @IsSet)
        """;

    private const string InsertMember = """
        INSERT INTO result_members (batch_id, position, strategy) VALUES (@BatchId, @Position, @Strategy)
        """;

    private const string InsertSeries = """
        INSERT INTO series (batch_id, seq, member, entity, metric, year, count, mean, std_dev, min, max,
            p5, p10, p25, p50, p75, p90, p95, special_values)
        VALUES (@BatchId, @Seq, @Member, @Entity, @Metric, @Year, @Count, @Mean, @StdDev, @Min, @Max,
            @P5, @P10, @P25, @P50, @P75, @P90, @P95, @SpecialValues)
        """;

    private const string InsertStep = """
        INSERT INTO steps (batch_id, seq, member, entity, step, metric, year, count, mean, std_dev, min, max,
            p5, p10, p25, p50, p75, p90, p95, special_values)
        VALUES (@BatchId, @Seq, @Member, @Entity, @Step, @Metric, @Year, @Count, @Mean, @StdDev, @Min, @Max,
            @P5, @P10, @P25, @P50, @P75, @P90, @P95, @SpecialValues)
        """;

    private const string InsertMilestone = """
        INSERT INTO milestones (batch_id, seq, member, entity, milestone, probability_by_end, p10, p50, p90, special_values)
        VALUES (@BatchId, @Seq, @Member, @Entity, @Milestone, @ProbabilityByEnd, @P10, @P50, @P90, @SpecialValues)
        """;

    private const string InsertMilestoneYear = """
        INSERT INTO milestone_years (batch_id, milestone_seq, position, year, probability, special_values)
        VALUES (@BatchId, @MilestoneSeq, @Position, @Year, @Probability, @SpecialValues)
        """;

    private const string InsertComparison = """
        INSERT INTO comparisons (batch_id, seq, member, a, b, metric, step, year, count, probability_a_less_than_b,
            delta_mean, delta_p10, delta_p50, delta_p90, special_values)
        VALUES (@BatchId, @Seq, @Member, @A, @B, @Metric, @Step, @Year, @Count, @ProbabilityALessThanB,
            @DeltaMean, @DeltaP10, @DeltaP50, @DeltaP90, @SpecialValues)
        """;

    private const string InsertStrategyComparison = """
        INSERT INTO strategy_comparisons (batch_id, seq, a, b, entity, metric, step, year, count, probability_a_less_than_b,
            delta_mean, delta_p10, delta_p50, delta_p90, special_values)
        VALUES (@BatchId, @Seq, @A, @B, @Entity, @Metric, @Step, @Year, @Count, @ProbabilityALessThanB,
            @DeltaMean, @DeltaP10, @DeltaP50, @DeltaP90, @SpecialValues)
        """;

    /// <summary>The rows of a single document have this member: v1 rows look as they always did.</summary>
    public const string SingleDocument = "";

    public static void Write(ScenarioGridDatabase database, DbConnection connection, DbTransaction transaction, string batchId, BatchResult result)
    {
        DeleteEarlier(database, connection, transaction, batchId);
        WriteDocument(database, connection, transaction, batchId, result.Scenario, result.Seed, result.Trials, result.ModelVersion,
            result.Years, result.Provenance, result.Strategy, hasSteps: result.Steps is not null, isSet: false);
        using var body = new BodyWriter(database, connection, transaction, batchId);
        body.Write(SingleDocument, result.Series, result.Steps ?? [], result.Milestones, result.Comparisons);
    }

    public static void Write(ScenarioGridDatabase database, DbConnection connection, DbTransaction transaction, string batchId, SetResult result)
    {
        DeleteEarlier(database, connection, transaction, batchId);
        WriteDocument(database, connection, transaction, batchId, result.Scenario, result.Seed, result.Trials, result.ModelVersion,
            result.Years, result.Provenance, strategy: null, hasSteps: true, isSet: true);
        using (var member = Command(database, connection, transaction, InsertMember, "@BatchId", "@Position", "@Strategy"))
        {
            for (int i = 0; i < result.Members.Count; i++)
            {
                if (result.Members[i].Strategy == SingleDocument) throw new ArgumentException("a set member needs a strategy id");
                Set(member, batchId, i, result.Members[i].Strategy);
                member.ExecuteNonQuery();
            }
        }
        using (var body = new BodyWriter(database, connection, transaction, batchId))
            foreach (var m in result.Members) body.Write(m.Strategy, m.Series, m.Steps, m.Milestones, m.Comparisons);
        WriteStrategyComparisons(database, connection, transaction, batchId, result.StrategyComparisons);
    }

    private static void DeleteEarlier(ScenarioGridDatabase database, DbConnection connection, DbTransaction transaction, string batchId)
    {
        using var delete = Command(database, connection, transaction, DeleteOld, "@BatchId");
        delete.Parameters[0].Value = batchId;
        delete.ExecuteNonQuery();
    }

    private static void WriteDocument(ScenarioGridDatabase database, DbConnection connection, DbTransaction transaction, string batchId, string scenario,
        long seed, long trials, string modelVersion, IReadOnlyList<int> years, Provenance provenance, string? strategy, bool hasSteps,
        bool isSet)
    {
        using var command = Command(database, connection, transaction, InsertDocument,
            "@BatchId", "@Scenario", "@Seed", "@Trials", "@ModelVersion", "@Years", "@ScenarioSha256",
            "@SoftwareVersion", "@ProvenanceSeed", "@ProvenanceTrials", "@ProvenanceModelVersion", "@Strategy", "@HasSteps", "@IsSet");
        Set(command, batchId, scenario, seed, trials, modelVersion, JsonSerializer.Serialize(years),
            provenance.ScenarioSha256, provenance.SoftwareVersion, provenance.Seed, provenance.Trials,
            provenance.ModelVersion, (object?)strategy ?? DBNull.Value, hasSteps ? 1 : 0, isSet ? 1 : 0); // 0/1 INTEGER flags in both engines
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Series, steps, milestones (with their years) and comparisons of one document or one set member. Its seq
    /// counters run on from member to member, so (batch_id, seq) stays a key and saved order is member order.
    /// </summary>
    private sealed class BodyWriter : IDisposable
    {
        private readonly DbCommand _series, _steps, _milestones, _milestoneYears, _comparisons;
        private readonly RowInserter _rows;
        private int _seriesSeq, _stepSeq, _milestoneSeq, _comparisonSeq;

        public BodyWriter(ScenarioGridDatabase database, DbConnection connection, DbTransaction transaction, string batchId)
        {
            _series = Command(database, connection, transaction, InsertSeries,
                "@BatchId", "@Seq", "@Member", "@Entity", "@Metric", "@Year", "@Count", "@Mean", "@StdDev", "@Min", "@Max",
                "@P5", "@P10", "@P25", "@P50", "@P75", "@P90", "@P95", "@SpecialValues");
            _steps = Command(database, connection, transaction, InsertStep,
                "@BatchId", "@Seq", "@Member", "@Entity", "@Step", "@Metric", "@Year", "@Count", "@Mean", "@StdDev", "@Min", "@Max",
                "@P5", "@P10", "@P25", "@P50", "@P75", "@P90", "@P95", "@SpecialValues");
            _milestones = Command(database, connection, transaction, InsertMilestone,
                "@BatchId", "@Seq", "@Member", "@Entity", "@Milestone", "@ProbabilityByEnd", "@P10", "@P50", "@P90", "@SpecialValues");
            _milestoneYears = Command(database, connection, transaction, InsertMilestoneYear,
                "@BatchId", "@MilestoneSeq", "@Position", "@Year", "@Probability", "@SpecialValues");
            _comparisons = Command(database, connection, transaction, InsertComparison,
                "@BatchId", "@Seq", "@Member", "@A", "@B", "@Metric", "@Step", "@Year", "@Count", "@ProbabilityALessThanB",
                "@DeltaMean", "@DeltaP10", "@DeltaP50", "@DeltaP90", "@SpecialValues");
            foreach (var c in new[] { _series, _steps, _milestones, _milestoneYears, _comparisons }) c.Parameters[0].Value = batchId;
            _rows = new RowInserter(connection, transaction);
        }

        public void Write(string member, IReadOnlyList<SeriesStatistics> series, IReadOnlyList<StepStatistics> steps,
            IReadOnlyList<MilestoneResult> milestones, IReadOnlyList<ComparisonResult> comparisons)
        {
            var p = _series.Parameters;
            p[2].Value = member;
            foreach (var s in series)
            {
                p[1].Value = _seriesSeq++;
                p[3].Value = s.Entity;
                p[4].Value = s.Metric;
                p[5].Value = s.Year;
                p[6].Value = s.Count;
                p[18].Value = BindStatistics(p, 7, s.Mean, s.StdDev, s.Min, s.Max, s.P5, s.P10, s.P25, s.P50, s.P75, s.P90, s.P95);
                _rows.Execute(_series);
            }

            p = _steps.Parameters;
            p[2].Value = member;
            foreach (var s in steps)
            {
                p[1].Value = _stepSeq++;
                p[3].Value = s.Entity;
                p[4].Value = s.Step;
                p[5].Value = s.Metric;
                p[6].Value = s.Year;
                p[7].Value = s.Count;
                p[19].Value = BindStatistics(p, 8, s.Mean, s.StdDev, s.Min, s.Max, s.P5, s.P10, s.P25, s.P50, s.P75, s.P90, s.P95);
                _rows.Execute(_steps);
            }

            p = _milestones.Parameters;
            p[2].Value = member;
            var y = _milestoneYears.Parameters;
            foreach (var m in milestones)
            {
                int seq = _milestoneSeq++;
                long mask = 0;
                p[1].Value = seq;
                p[3].Value = m.Entity;
                p[4].Value = m.Milestone;
                p[5].Value = SpecialDoubles.Bind(m.ProbabilityByEnd, 0, ref mask);
                p[6].Value = (object?)m.P10 ?? DBNull.Value;
                p[7].Value = (object?)m.P50 ?? DBNull.Value;
                p[8].Value = (object?)m.P90 ?? DBNull.Value;
                p[9].Value = mask;
                _rows.Execute(_milestones);

                y[1].Value = seq;
                for (int position = 0; position < m.ProbabilityByYear.Count; position++)
                {
                    var yp = m.ProbabilityByYear[position];
                    long yearMask = 0;
                    y[2].Value = position;
                    y[3].Value = yp.Year;
                    y[4].Value = SpecialDoubles.Bind(yp.Probability, 0, ref yearMask);
                    y[5].Value = yearMask;
                    _rows.Execute(_milestoneYears);
                }
            }

            p = _comparisons.Parameters;
            p[2].Value = member;
            foreach (var c in comparisons)
            {
                p[1].Value = _comparisonSeq++;
                p[3].Value = c.A;
                p[4].Value = c.B;
                p[5].Value = c.Metric;
                p[6].Value = (object?)c.Step ?? DBNull.Value;
                p[7].Value = c.Year;
                p[8].Value = c.Count;
                p[14].Value = BindDeltas(p, 9, c.ProbabilityALessThanB, c.DeltaMean, c.DeltaP10, c.DeltaP50, c.DeltaP90);
                _rows.Execute(_comparisons);
            }
        }

        public void Dispose()
        {
            try { _rows.Dispose(); } // sends the queued rows: an error in them is the save's error
            finally
            {
                foreach (var c in new[] { _series, _steps, _milestones, _milestoneYears, _comparisons }) c.Dispose();
            }
        }
    }

    private static void WriteStrategyComparisons(ScenarioGridDatabase database, DbConnection connection, DbTransaction transaction, string batchId,
        IReadOnlyList<StrategyComparisonResult> comparisons)
    {
        using var command = Command(database, connection, transaction, InsertStrategyComparison,
            "@BatchId", "@Seq", "@A", "@B", "@Entity", "@Metric", "@Step", "@Year", "@Count", "@ProbabilityALessThanB",
            "@DeltaMean", "@DeltaP10", "@DeltaP50", "@DeltaP90", "@SpecialValues");
        using var rows = new RowInserter(connection, transaction);
        var p = command.Parameters;
        p[0].Value = batchId;
        for (int seq = 0; seq < comparisons.Count; seq++)
        {
            var c = comparisons[seq];
            p[1].Value = seq;
            p[2].Value = c.A;
            p[3].Value = c.B;
            p[4].Value = c.Entity;
            p[5].Value = c.Metric;
            p[6].Value = (object?)c.Step ?? DBNull.Value;
            p[7].Value = c.Year;
            p[8].Value = c.Count;
            p[14].Value = BindDeltas(p, 9, c.ProbabilityALessThanB, c.DeltaMean, c.DeltaP10, c.DeltaP50, c.DeltaP90);
            rows.Execute(command);
        }
    }

    /// <summary>Binds the 11 statistics of a series or step row from parameter <paramref name="first"/> on; returns the special-values mask.</summary>
    private static long BindStatistics(DbParameterCollection p, int first, params double?[] values)
    {
        long mask = 0;
        for (int k = 0; k < values.Length; k++) p[first + k].Value = SpecialDoubles.Bind(values[k], k, ref mask);
        return mask;
    }

    /// <summary>Binds P(a &lt; b) and the four delta statistics of a comparison row; returns the special-values mask.</summary>
    private static long BindDeltas(DbParameterCollection p, int first, params double?[] values) => BindStatistics(p, first, values);

    /// <summary>A prepared command with the named parameters, in order, to be set by index.</summary>
    private static DbCommand Command(ScenarioGridDatabase database, DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (string name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }
        database.PrepareForReuse(command);
        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (int i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }
}
