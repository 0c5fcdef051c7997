using System.ComponentModel;
using GraphQL;
using ScenarioGrid.Api.Services;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Graph;

/// <summary>One member of a completed strategy-set batch: its results, read from the member's stored rows.</summary>
[Description("One member of a strategy-set batch (base, then each strategy in file order) and its results: the document of a single run of that member, on the set's trials.")]
public sealed class StrategyMember(BatchRecord batch, string strategy)
{
    [Description("The member: base (the file itself) or a strategy id.")]
    public string Strategy => strategy;

    [Description("Statistics of every (entity, metric, year) of this member, optionally of one entity, one metric and some years.")]
    public IEnumerable<Series> Series([FromServices] ResultService results, string? entity = null, string? metric = null, int[]? years = null) =>
        results.Series(batch, entity, metric, years, strategy).Select(s => new Series(s));

    [Description("This member's step series (the cost waterfall), optionally of one entity, step, metric and some years.")]
    public IEnumerable<StepSeries> Steps([FromServices] ResultService results, string? entity = null, string? step = null, string? metric = null,
        int[]? years = null) =>
        results.Steps(batch, entity, step, metric, years, strategy).Select(s => new StepSeries(s));

    [Description("This member's milestones, optionally of one entity.")]
    public IEnumerable<Milestone> Milestones([FromServices] ResultService results, string? entity = null) =>
        results.Milestones(batch, entity, strategy).Select(m => new Milestone(m));

    [Description("This member's listed comparisons (paired within the member), optionally those whose first side is `a`.")]
    public IEnumerable<Comparison> Comparisons([FromServices] ResultService results, string? a = null) =>
        results.Comparisons(batch, a, strategy).Select(c => new Comparison(c));
}
