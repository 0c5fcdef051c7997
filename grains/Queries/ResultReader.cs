using System.Text.Json;
using System.Data;
using System.Data.Common;
using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Queries;

/// <summary>Runs the result queries and rebuilds the engine's result records from their rows.</summary>
internal static class ResultReader
{
    public const string SeriesColumns = """
        entity, metric, year, count, mean, std_dev, min, max, p5, p10, p25, p50, p75, p90, p95, special_values
        """;

    public const string StepColumns = """
        entity, step, metric, year, count, mean, std_dev, min, max, p5, p10, p25, p50, p75, p90, p95, special_values
        """;

    public const string MilestoneColumns = "seq, entity, milestone, probability_by_end, p10, p50, p90, special_values";

    public const string MilestoneYearColumns = "y.milestone_seq, y.year, y.probability, y.special_values";

    public const string ComparisonColumns = """
        a, b, metric, year, count, probability_a_less_than_b, delta_mean, delta_p10, delta_p50, delta_p90, special_values, step
        """;

    public const string StrategyComparisonColumns = """
        a, b, entity, metric, step, year, count, probability_a_less_than_b, delta_mean, delta_p10, delta_p50, delta_p90,
        special_values
        """;

    public const string DocumentColumns = """
        scenario, seed, trials, model_version, years, scenario_sha256, software_version,
        provenance_seed, provenance_trials, provenance_model_version, strategy, has_steps, is_set
        """;

    /// <summary>The scalar part of a stored document.</summary>
    public sealed record DocumentRow(string Scenario, long Seed, long Trials, string ModelVersion, IReadOnlyList<int> Years,
        Provenance Provenance, string? Strategy, bool HasSteps, bool IsSet);

    /// <summary>
    /// A command with the parameters bound. A null or text parameter is typed as text: PostgreSQL cannot infer the
    /// type of an untyped null in <c>@p IS NULL</c>.
    /// </summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null or string) parameter.DbType = DbType.String;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static DocumentRow? Document(DbCommand command)
    {
        using var r = command.ExecuteReader();
        if (!r.Read()) return null;
        var years = JsonSerializer.Deserialize<int[]>(r.GetString(4))
            ?? throw new InvalidDataException("result_documents.years is not a JSON array");
        return new DocumentRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), years,
            new Provenance(r.GetString(5), r.GetInt64(7), r.GetInt64(8), r.GetString(9), r.GetString(6)),
            r.IsDBNull(10) ? null : r.GetString(10), r.GetInt64(11) != 0, r.GetInt64(12) != 0);
    }

    public static IReadOnlyList<SeriesStatistics> Series(DbCommand command)
    {
        var list = new List<SeriesStatistics>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            long m = r.GetInt64(15);
            list.Add(new SeriesStatistics(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3),
                SpecialDoubles.Read(r, 4, 0, m), SpecialDoubles.Read(r, 5, 1, m), SpecialDoubles.Read(r, 6, 2, m),
                SpecialDoubles.Read(r, 7, 3, m), SpecialDoubles.Read(r, 8, 4, m), SpecialDoubles.Read(r, 9, 5, m),
                SpecialDoubles.Read(r, 10, 6, m), SpecialDoubles.Read(r, 11, 7, m), SpecialDoubles.Read(r, 12, 8, m),
                SpecialDoubles.Read(r, 13, 9, m), SpecialDoubles.Read(r, 14, 10, m)));
        }
        return list;
    }

    public static IReadOnlyList<StepStatistics> Steps(DbCommand command)
    {
        var list = new List<StepStatistics>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            long m = r.GetInt64(16);
            list.Add(new StepStatistics(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt64(4),
                SpecialDoubles.Read(r, 5, 0, m), SpecialDoubles.Read(r, 6, 1, m), SpecialDoubles.Read(r, 7, 2, m),
                SpecialDoubles.Read(r, 8, 3, m), SpecialDoubles.Read(r, 9, 4, m), SpecialDoubles.Read(r, 10, 5, m),
                SpecialDoubles.Read(r, 11, 6, m), SpecialDoubles.Read(r, 12, 7, m), SpecialDoubles.Read(r, 13, 8, m),
                SpecialDoubles.Read(r, 14, 9, m), SpecialDoubles.Read(r, 15, 10, m)));
        }
        return list;
    }

    public static IReadOnlyList<StrategyComparisonResult> StrategyComparisons(DbCommand command)
    {
        var list = new List<StrategyComparisonResult>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            long m = r.GetInt64(12);
            list.Add(new StrategyComparisonResult(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5), r.GetInt64(6),
                SpecialDoubles.Read(r, 7, 0, m), SpecialDoubles.Read(r, 8, 1, m), SpecialDoubles.Read(r, 9, 2, m),
                SpecialDoubles.Read(r, 10, 3, m), SpecialDoubles.Read(r, 11, 4, m)));
        }
        return list;
    }

    /// <summary>Milestones from <paramref name="milestones"/>, with their years from <paramref name="years"/> (both by seq).</summary>
    public static IReadOnlyList<MilestoneResult> Milestones(DbCommand milestones, DbCommand years)
    {
        var byYear = new Dictionary<long, List<YearProbability>>();
        using (var r = years.ExecuteReader())
        {
            while (r.Read())
            {
                long seq = r.GetInt64(0);
                if (!byYear.TryGetValue(seq, out var list)) byYear[seq] = list = [];
                list.Add(new YearProbability(r.GetInt32(1), SpecialDoubles.ReadRequired(r, 2, 0, r.GetInt64(3))));
            }
        }
        var result = new List<MilestoneResult>();
        using (var r = milestones.ExecuteReader())
        {
            while (r.Read())
            {
                long m = r.GetInt64(7);
                result.Add(new MilestoneResult(r.GetString(1), r.GetString(2), SpecialDoubles.ReadRequired(r, 3, 0, m),
                    byYear.GetValueOrDefault(r.GetInt64(0)) ?? [], NullableInt(r, 4), NullableInt(r, 5), NullableInt(r, 6)));
            }
        }
        return result;
    }

    public static IReadOnlyList<ComparisonResult> Comparisons(DbCommand command)
    {
        var list = new List<ComparisonResult>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            long m = r.GetInt64(10);
            list.Add(new ComparisonResult(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt64(4),
                SpecialDoubles.Read(r, 5, 0, m), SpecialDoubles.Read(r, 6, 1, m), SpecialDoubles.Read(r, 7, 2, m),
                SpecialDoubles.Read(r, 8, 3, m), SpecialDoubles.Read(r, 9, 4, m)) { Step = r.IsDBNull(11) ? null : r.GetString(11) });
        }
        return list;
    }

    private static int? NullableInt(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt32(ordinal);
}
