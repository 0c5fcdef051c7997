using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Simulation.Process;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Services;

/// <summary>
/// A finished batch's stored results, sliced in SQL (an entity's series, some years), with entity, step and metric
/// names checked against the batch's scenario (the member it ran, or, for a strategy set, the member asked for) so
/// that a typo is an error rather than an empty list.
/// </summary>
public sealed class ResultService(ResultQueries results, ScenarioService scenarios)
{
    public IReadOnlyList<SeriesStatistics> Series(BatchRecord batch, string? entity, string? metric, IReadOnlyList<int>? years,
        string? member = null)
    {
        var model = RequireResults(batch, member);
        if (entity is not null) RequireEntity(model, entity);
        if (metric is not null) RequireMetric(model, metric);
        return results.Series(batch.Id, entity, metric, years, member);
    }

    /// <summary>The step series (model v2): an entity without a chain has none (an empty list); a step it lacks is an error.</summary>
    public IReadOnlyList<StepStatistics> Steps(BatchRecord batch, string? entity, string? step, string? metric, IReadOnlyList<int>? years,
        string? member = null)
    {
        var model = RequireResults(batch, member);
        var rows = model.Process?.Layout.Rows ?? [];
        if (entity is not null)
        {
            RequireEntity(model, entity);
            var steps = rows.Where(r => r.Entity == entity).Select(r => r.Step).ToList();
            if (step is not null && steps.Count > 0 && !steps.Contains(step))
                throw ApiErrors.BadInput($"entity '{entity}' has no step '{step}': its steps are {string.Join(", ", steps)}");
        }
        else if (step is not null && rows.All(r => r.Step != step))
            throw ApiErrors.BadInput($"no entity has a step '{step}': the steps are {string.Join(", ", rows.Select(r => r.Step).Distinct())}");
        if (metric is not null && !StepMetrics.TryParse(metric, out _))
            throw ApiErrors.BadInput($"unknown step metric '{metric}': one of {string.Join(", ", Enumerable.Range(0, StepMetrics.Count).Select(m => ((StepMetric)m).Name()))}");
        return results.Steps(batch.Id, entity, step, metric, years, member);
    }

    public IReadOnlyList<MilestoneResult> Milestones(BatchRecord batch, string? entity, string? member = null)
    {
        var model = RequireResults(batch, member);
        if (entity is not null) RequireEntity(model, entity);
        return results.Milestones(batch.Id, entity, member);
    }

    public IReadOnlyList<ComparisonResult> Comparisons(BatchRecord batch, string? a, string? member = null)
    {
        var model = RequireResults(batch, member);
        if (a is not null) RequireEntity(model, a);
        return results.Comparisons(batch.Id, a, member);
    }

    /// <summary>The members of a completed strategy-set batch, in member order; empty for a batch of a single run.</summary>
    public IReadOnlyList<string> Members(BatchRecord batch)
    {
        if (!batch.StrategySet) return [];
        RequireCompleted(batch);
        return results.Members(batch.Id);
    }

    /// <summary>A completed strategy-set batch's cross-member comparisons, optionally of one entity; empty for a single run.</summary>
    public IReadOnlyList<StrategyComparisonResult> StrategyComparisons(BatchRecord batch, string? entity)
    {
        if (!batch.StrategySet) return [];
        RequireCompleted(batch);
        if (entity is not null) RequireEntity(scenarios.Model(batch.ScenarioSha256), entity);
        return results.StrategyComparisons(batch.Id, entity);
    }

    /// <summary>The whole result document, as <c>run --json</c> writes it.</summary>
    public BatchResult Document(BatchRecord batch)
    {
        RequireResults(batch, null);
        return results.Document(batch.Id) ?? throw ApiErrors.NotReady($"batch {batch.Id} has no stored results");
    }

    /// <summary>
    /// The model whose results are asked for: the batch's own (the file or the member it ran) when
    /// <paramref name="member"/> is null, else that member of a strategy-set batch.
    /// </summary>
    private CompiledModel RequireResults(BatchRecord batch, string? member)
    {
        RequireCompleted(batch);
        if (member is null && batch.StrategySet)
            throw ApiErrors.BadInput($"batch {batch.Id} ran the strategy set: its results are per member (members {{ strategy series steps milestones comparisons }}) and in strategyComparisons");
        return scenarios.Model(batch.ScenarioSha256, member ?? batch.Strategy);
    }

    private static void RequireCompleted(BatchRecord batch)
    {
        if (batch.Status != BatchStatus.Completed)
            throw ApiErrors.NotReady($"batch {batch.Id} is {batch.Status.ToString().ToLowerInvariant()} " +
                                     $"({batch.TrialsDone} of {batch.Trials} trials): results are stored when it completes " +
                                     "(route/region/plant results show running statistics meanwhile)");
    }

    public static Entity RequireEntity(CompiledModel model, string entity) =>
        model.Entities.TryFind(entity, out int index) ? model.Entities.All[index]
            : throw ApiErrors.BadInput($"unknown entity '{entity}': this scenario has {string.Join(", ", model.Entities.All.Select(e => e.Id))}");

    public static Metric RequireMetric(string metric) =>
        Metrics.TryParse(metric, out var m) ? m
            : throw ApiErrors.BadInput($"unknown metric '{metric}': one of {string.Join(", ", Metrics.AllNames)}");

    /// <summary>A metric of the model's documents: v1's, and in a v2 scenario with options the option metrics too.</summary>
    public static Metric RequireMetric(CompiledModel model, string metric)
    {
        if (model.Scenario.Options.Count == 0) return RequireMetric(metric);
        return Metrics.TryParseReported(metric, out var m) ? m
            : throw ApiErrors.BadInput($"unknown metric '{metric}': one of {string.Join(", ", Metrics.AllNames)}, adoptedCapacityGWh, adoptedOutputGWh");
    }

    public static Metric RequireMetric(Entity entity, string metric)
    {
        var m = Metrics.TryParseReported(metric, out var any) ? any : RequireMetric(metric);
        return entity.HasMetric(m) ? m
            : throw ApiErrors.BadInput($"entity '{entity.Id}' has no metric '{metric}' (benchmark has costUsdPerKWh only; options adoptedCapacityGWh and adoptedOutputGWh only)");
    }

    public static int RequireYear(CompiledModel model, int year) =>
        year >= model.StartYear && year < model.StartYear + model.YearCount ? year - model.StartYear
            : throw ApiErrors.BadInput($"year {year} is outside the horizon {model.StartYear}..{model.StartYear + model.YearCount - 1}");
}
