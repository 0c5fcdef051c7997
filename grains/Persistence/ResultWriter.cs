using System.Text.Json;
using Microsoft.Data.Sqlite;
using ScenarioGrid.Engine.Results;

using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence;

/// <summary>
/// Writes one <see cref="BatchResult"/> into the result tables inside the caller's transaction, replacing
/// any earlier copy. Row commands are prepared once and reused (a batch has thousands of series rows).
/// </summary>
internal static class ResultWriter
{
    private const string DeleteOld = """
        DELETE FROM milestone_years WHERE batch_id = @BatchId;
        DELETE FROM milestones WHERE batch_id = @BatchId;
        DELETE FROM series WHERE batch_id = @BatchId;
        DELETE FROM comparisons WHERE batch_id = @BatchId;
        DELETE FROM result_documents WHERE batch_id = @BatchId;
        """;

    private const string InsertDocument = """
        INSERT INTO result_documents (batch_id, scenario, seed, trials, model_version, years, scenario_sha256,
            software_version, provenance_seed, provenance_trials, provenance_model_version)
        VALUES (@BatchId, @Scenario, @Seed, @Trials, @ModelVersion, @Years, @ScenarioSha256,
            @SoftwareVersion, @ProvenanceSeed, @ProvenanceTrials, @ProvenanceModelVersion)
        """;

    private const string InsertSeries = """
        INSERT INTO series (batch_id, seq, entity, metric, year, count, mean, std_dev, min, max,
            p5, p10, p25, p50, p75, p90, p95, special_values)
        VALUES (@BatchId, @Seq, @Entity, @Metric, @Year, @Count, @Mean, @StdDev, @Min, @Max,
            @P5, @P10, @P25, @P50, @P75, @P90, @P95, @SpecialValues)
        """;

    private const string InsertMilestone = """
        INSERT INTO milestones (batch_id, seq, entity, milestone, probability_by_end, p10, p50, p90, special_values)
        VALUES (@BatchId, @Seq, @Entity, @Milestone, @ProbabilityByEnd, @P10, @P50, @P90, @SpecialValues)
        """;

    private const string InsertMilestoneYear = """
        INSERT INTO milestone_years (batch_id, milestone_seq, position, year, probability, special_values)
        VALUES (@BatchId, @MilestoneSeq, @Position, @Year, @Probability, @SpecialValues)
        """;

    private const string InsertComparison = """
        INSERT INTO comparisons (batch_id, seq, a, b, metric, year, count, probability_a_less_than_b,
            delta_mean, delta_p10, delta_p50, delta_p90, special_values)
        VALUES (@BatchId, @Seq, @A, @B, @Metric, @Year, @Count, @ProbabilityALessThanB,
            @DeltaMean, @DeltaP10, @DeltaP50, @DeltaP90, @SpecialValues)
        """;

    public static void Write(SqliteConnection connection, SqliteTransaction transaction, string batchId, BatchResult result)
    {
        using (var delete = Command(connection, transaction, DeleteOld, "@BatchId"))
        {
            delete.Parameters[0].Value = batchId;
            delete.ExecuteNonQuery();
        }
        WriteDocument(connection, transaction, batchId, result);
        WriteSeries(connection, transaction, batchId, result.Series);
        WriteMilestones(connection, transaction, batchId, result.Milestones);
        WriteComparisons(connection, transaction, batchId, result.Comparisons);
    }

    private static void WriteDocument(SqliteConnection connection, SqliteTransaction transaction, string batchId, BatchResult r)
    {
        using var command = Command(connection, transaction, InsertDocument,
            "@BatchId", "@Scenario", "@Seed", "@Trials", "@ModelVersion", "@Years", "@ScenarioSha256",
            "@SoftwareVersion", "@ProvenanceSeed", "@ProvenanceTrials", "@ProvenanceModelVersion");
        Set(command, batchId, r.Scenario, r.Seed, r.Trials, r.ModelVersion, JsonSerializer.Serialize(r.Years),
            r.Provenance.ScenarioSha256, r.Provenance.SoftwareVersion, r.Provenance.Seed, r.Provenance.Trials,
            r.Provenance.ModelVersion);
        command.ExecuteNonQuery();
    }

    private static void WriteSeries(SqliteConnection connection, SqliteTransaction transaction, string batchId, IReadOnlyList<SeriesStatistics> series)
    {
        using var command = Command(connection, transaction, InsertSeries,
            "@BatchId", "@Seq", "@Entity", "@Metric", "@Year", "@Count", "@Mean", "@StdDev", "@Min", "@Max",
            "@P5", "@P10", "@P25", "@P50", "@P75", "@P90", "@P95", "@SpecialValues");
        var p = command.Parameters;
        p[0].Value = batchId;
        for (int seq = 0; seq < series.Count; seq++)
        {
            var s = series[seq];
            long mask = 0;
            p[1].Value = seq;
            p[2].Value = s.Entity;
            p[3].Value = s.Metric;
            p[4].Value = s.Year;
            p[5].Value = s.Count;
            p[6].Value = SpecialDoubles.Bind(s.Mean, 0, ref mask);
            p[7].Value = SpecialDoubles.Bind(s.StdDev, 1, ref mask);
            p[8].Value = SpecialDoubles.Bind(s.Min, 2, ref mask);
            p[9].Value = SpecialDoubles.Bind(s.Max, 3, ref mask);
            p[10].Value = SpecialDoubles.Bind(s.P5, 4, ref mask);
            p[11].Value = SpecialDoubles.Bind(s.P10, 5, ref mask);
            p[12].Value = SpecialDoubles.Bind(s.P25, 6, ref mask);
            p[13].Value = SpecialDoubles.Bind(s.P50, 7, ref mask);
            p[14].Value = SpecialDoubles.Bind(s.P75, 8, ref mask);
            p[15].Value = SpecialDoubles.Bind(s.P90, 9, ref mask);
            p[16].Value = SpecialDoubles.Bind(s.P95, 10, ref mask);
            p[17].Value = mask;
            command.ExecuteNonQuery();
        }
    }

    private static void WriteMilestones(SqliteConnection connection, SqliteTransaction transaction, string batchId, IReadOnlyList<MilestoneResult> milestones)
    {
        using var command = Command(connection, transaction, InsertMilestone,
            "@BatchId", "@Seq", "@Entity", "@Milestone", "@ProbabilityByEnd", "@P10", "@P50", "@P90", "@SpecialValues");
        using var yearCommand = Command(connection, transaction, InsertMilestoneYear,
            "@BatchId", "@MilestoneSeq", "@Position", "@Year", "@Probability", "@SpecialValues");
        command.Parameters[0].Value = batchId;
        yearCommand.Parameters[0].Value = batchId;
        for (int seq = 0; seq < milestones.Count; seq++)
        {
            var m = milestones[seq];
            long mask = 0;
            var p = command.Parameters;
            p[1].Value = seq;
            p[2].Value = m.Entity;
            p[3].Value = m.Milestone;
            p[4].Value = SpecialDoubles.Bind(m.ProbabilityByEnd, 0, ref mask);
            p[5].Value = (object?)m.P10 ?? DBNull.Value;
            p[6].Value = (object?)m.P50 ?? DBNull.Value;
            p[7].Value = (object?)m.P90 ?? DBNull.Value;
            p[8].Value = mask;
            command.ExecuteNonQuery();

            var y = yearCommand.Parameters;
            y[1].Value = seq;
            for (int position = 0; position < m.ProbabilityByYear.Count; position++)
            {
                var yp = m.ProbabilityByYear[position];
                long yearMask = 0;
                y[2].Value = position;
                y[3].Value = yp.Year;
                y[4].Value = SpecialDoubles.Bind(yp.Probability, 0, ref yearMask);
                y[5].Value = yearMask;
                yearCommand.ExecuteNonQuery();
            }
        }
    }

    private static void WriteComparisons(SqliteConnection connection, SqliteTransaction transaction, string batchId, IReadOnlyList<ComparisonResult> comparisons)
    {
        using var command = Command(connection, transaction, InsertComparison,
            "@BatchId", "@Seq", "@A", "@B", "@Metric", "@Year", "@Count", "@ProbabilityALessThanB",
            "@DeltaMean", "@DeltaP10", "@DeltaP50", "@DeltaP90", "@SpecialValues");
        var p = command.Parameters;
        p[0].Value = batchId;
        for (int seq = 0; seq < comparisons.Count; seq++)
        {
            var c = comparisons[seq];
            long mask = 0;
            p[1].Value = seq;
            p[2].Value = c.A;
            p[3].Value = c.B;
            p[4].Value = c.Metric;
            p[5].Value = c.Year;
            p[6].Value = c.Count;
            p[7].Value = SpecialDoubles.Bind(c.ProbabilityALessThanB, 0, ref mask);
            p[8].Value = SpecialDoubles.Bind(c.DeltaMean, 1, ref mask);
            p[9].Value = SpecialDoubles.Bind(c.DeltaP10, 2, ref mask);
            p[10].Value = SpecialDoubles.Bind(c.DeltaP50, 3, ref mask);
            p[11].Value = SpecialDoubles.Bind(c.DeltaP90, 4, ref mask);
            p[12].Value = mask;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>A prepared command with the named parameters, in order, to be set by index.</summary>
    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (string name in parameters) command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params object[] values)
    {
        for (int i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }
}
