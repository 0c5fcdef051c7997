using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Services;

/// <summary>
/// A finished batch's stored results, sliced in SQL (an entity's series, some years), with entity and metric
/// names checked against the batch's scenario so that a typo is an error rather than an empty list.
/// </summary>
public sealed class ResultService(ResultQueries results, ScenarioService scenarios)
{
    public IReadOnlyList<SeriesStatistics> Series(BatchRecord batch, string? entity, string? metric, IReadOnlyList<int>? years)
    {
        var model = RequireResults(batch);
        if (entity is not null) RequireEntity(model, entity);
        if (metric is not null) RequireMetric(metric);
        return results.Series(batch.Id, entity, metric, years);
    }

    public IReadOnlyList<MilestoneResult> Milestones(BatchRecord batch, string? entity)
    {
        var model = RequireResults(batch);
        if (entity is not null) RequireEntity(model, entity);
        return results.Milestones(batch.Id, entity);
    }

    public IReadOnlyList<ComparisonResult> Comparisons(BatchRecord batch, string? a)
    {
        var model = RequireResults(batch);
        if (a is not null) RequireEntity(model, a);
        return results.Comparisons(batch.Id, a);
    }

    /// <summary>The whole result document, as <c>run --json</c> writes it.</summary>
    public BatchResult Document(BatchRecord batch)
    {
        RequireResults(batch);
        return results.Document(batch.Id) ?? throw ApiErrors.NotReady($"batch {batch.Id} has no stored results");
    }

    private CompiledModel RequireResults(BatchRecord batch)
    {
        if (batch.Status != BatchStatus.Completed)
            throw ApiErrors.NotReady($"batch {batch.Id} is {batch.Status.ToString().ToLowerInvariant()} " +
                                     $"({batch.TrialsDone} of {batch.Trials} trials): results are stored when it completes " +
                                     "(route/region/plant results show running statistics meanwhile)");
        return scenarios.Model(batch.ScenarioSha256);
    }

    public static Entity RequireEntity(CompiledModel model, string entity) =>
        model.Entities.TryFind(entity, out int index) ? model.Entities.All[index]
            : throw ApiErrors.BadInput($"unknown entity '{entity}': this scenario has {string.Join(", ", model.Entities.All.Select(e => e.Id))}");

    public static Metric RequireMetric(string metric) =>
        Metrics.TryParse(metric, out var m) ? m
            : throw ApiErrors.BadInput($"unknown metric '{metric}': one of {string.Join(", ", Metrics.AllNames)}");

    public static Metric RequireMetric(Entity entity, string metric)
    {
        var m = RequireMetric(metric);
        return entity.HasMetric(m) ? m : throw ApiErrors.BadInput($"entity '{entity.Id}' has no metric '{metric}' (benchmark has costUsdPerKWh only)");
    }

    public static int RequireYear(CompiledModel model, int year) =>
        year >= model.StartYear && year < model.StartYear + model.YearCount ? year - model.StartYear
            : throw ApiErrors.BadInput($"year {year} is outside the horizon {model.StartYear}..{model.StartYear + model.YearCount - 1}");
}
