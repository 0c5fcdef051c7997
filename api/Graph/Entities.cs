using System.ComponentModel;
using GraphQL;
using ScenarioGrid.Api.Services;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Graph;

/// <summary>
/// A route, region or plant of one stored scenario version, served by its grain (key <c>{sha256}/{id}</c>):
/// its definition, and its statistics in a batch (running while the batch runs, final after).
/// </summary>
public abstract class EntityNode(string kind, string id, string scenarioSha256, string? defaultBatchId)
{
    private Task<EntityDefinition>? _definition;

    [Id]
    public string Id => id;

    [Description("The entity name used in series, milestones and comparisons, e.g. route:sulfide.")]
    public string Entity => $"{kind}:{id}";

    public async Task<string> Name([FromServices] IGrainFactory grains, CancellationToken cancellationToken) =>
        (await Definition(grains, cancellationToken)).Name;

    [Description("Non-numeric attributes (route: family, materials; plant: route, region, announcedSopYear).")]
    public async Task<IEnumerable<EntityAttribute>> Attributes([FromServices] IGrainFactory grains, CancellationToken cancellationToken) =>
        (await Definition(grains, cancellationToken)).Attributes.Select(a => new EntityAttribute(a.Key, a.Value));

    [Description("Every parameter under this entity's path, fixed or uncertain.")]
    public async Task<IEnumerable<Parameter>> Parameters([FromServices] IGrainFactory grains, CancellationToken cancellationToken) =>
        (await Definition(grains, cancellationToken)).Parameters.Select(Parameter.From);

    [Description("This entity's statistics in a batch (default: the batch it was reached from): running statistics while the batch runs, final ones after. " +
                 "Model v2: `strategy` picks a member of a strategy-set batch (default: its first member, base); for a batch of a single run it may only name the member that batch ran.")]
    public async Task<EntityResults?> Results([FromServices] IGrainFactory grains, [FromServices] BatchService batches,
        [FromServices] ResultQueries results, [FromServices] ScenarioService scenarios, CancellationToken cancellationToken,
        [Id] string? batchId = null, string? strategy = null)
    {
        string chosen = batchId ?? defaultBatchId ?? throw ApiErrors.BadInput("results needs batchId here (it is implied only below a batch)");
        return await ResultsIn(chosen, strategy, Entity, key => Grain(grains, key), id, batches, results, scenarios, cancellationToken);
    }

    /// <summary>An entity's results in a batch, of one member: stored once the batch completed, else its member grain's running ones.</summary>
    internal static async Task<EntityResults> ResultsIn(string batchId, string? strategy, string entity, Func<string, IEntityGrain> grainOf,
        string id, BatchService batches, ResultQueries results, ScenarioService scenarios, CancellationToken cancellationToken)
    {
        var batch = batches.Get(batchId) ?? throw ApiErrors.NotFound($"no batch '{batchId}'");
        var member = BatchMember.Of(batch, strategy, scenarios);
        if (batch.Status == BatchStatus.Completed)
            return new EntityResults(batch.Id, true, batch.TrialsDone, results.Series(batch.Id, entity, member: member.RowMember),
                results.Milestones(batch.Id, entity, member.RowMember), results.Comparisons(batch.Id, entity, member.RowMember), member.Strategy);
        // The batch may have run another version of the scenario, or another member: ask that member's entity of that version.
        var running = await grainOf(EntityKeys.Of(batch.ScenarioSha256, id, member.Strategy)).GetRunningResults(batch.Id, cancellationToken);
        return EntityResults.FromRunning(running, member.Strategy);
    }

    private protected string ScenarioSha256 => scenarioSha256;

    private Task<EntityDefinition> Definition(IGrainFactory grains, CancellationToken cancellationToken) =>
        _definition ??= Grain(grains, $"{scenarioSha256}/{id}").GetDefinition(cancellationToken);

    private protected abstract IEntityGrain Grain(IGrainFactory grains, string key);
}

[Description("A solid-state electrolyte technology route.")]
public sealed class Route(string id, string sha256, string? batchId) : EntityNode("route", id, sha256, batchId)
{
    [Description("Model v2: the route's process chain (its steps, in order; `other` is implicit); null when the route has none.")]
    public IEnumerable<ChainStep>? Chain([FromServices] ScenarioService scenarios)
    {
        var scenario = scenarios.Model(ScenarioSha256).Scenario;
        return ChainStep.Of(scenario, scenario.Routes.First(r => r.Id == Id).Process);
    }

    [Description("Model v2: the options whose routes include this route, in file order.")]
    public IEnumerable<Option> Options([FromServices] ScenarioService scenarios) => ProcessViews.OptionsOfRoute(scenarios, ScenarioSha256, Id);

    private protected override IEntityGrain Grain(IGrainFactory grains, string key) => grains.GetGrain<IRouteGrain>(key);
}

[Description("A region: electricity, wages, capex multiplier, cost of capital, subsidy.")]
public sealed class Region(string id, string sha256, string? batchId) : EntityNode("region", id, sha256, batchId)
{
    private protected override IEntityGrain Grain(IGrainFactory grains, string key) => grains.GetGrain<IRegionGrain>(key);
}

[Description("A plant of one route in one region.")]
public sealed class Plant(string id, string sha256, string? batchId) : EntityNode("plant", id, sha256, batchId)
{
    [Description("Model v2: the plant's base chain: its own process chain when it has one, else its route's; null when neither has one.")]
    public IEnumerable<ChainStep>? Chain([FromServices] ScenarioService scenarios) =>
        ChainStep.Of(scenarios.Model(ScenarioSha256).Scenario, ProcessViews.BaseChain(scenarios, ScenarioSha256, Id));

    [Description("Model v2: true when the plant has a process chain of its own (it replaces the route's).")]
    public bool OwnChain([FromServices] ScenarioService scenarios) =>
        scenarios.Model(ScenarioSha256).Scenario.Plants.First(p => p.Id == Id).Process is not null;

    [Description("Model v2: the options in whose scope the plant is (route, region and plant filters), in file order.")]
    public IEnumerable<Option> Options([FromServices] ScenarioService scenarios) => ProcessViews.OptionsOfPlant(scenarios, ScenarioSha256, Id);

    private protected override IEntityGrain Grain(IGrainFactory grains, string key) => grains.GetGrain<IPlantGrain>(key);
}

[Description("An entity's statistics in one batch: the stored results once it completed, the running ones its grain holds before.")]
public sealed class EntityResults(string batchId, bool final, long trialsDone, IReadOnlyList<SeriesStatistics> series,
    IReadOnlyList<MilestoneResult> milestones, IReadOnlyList<ComparisonResult> comparisons, string? strategy = null)
{
    [Id]
    public string BatchId => batchId;
    [Description("Model v2: the member of the file's strategy set these are of (base or a strategy id); null for a file without strategies.")]
    public string? Strategy => strategy;
    [Description("True once the batch completed (then these are the stored results).")]
    public bool Final => final;
    public long TrialsDone => trialsDone;

    public IEnumerable<Series> Series(string? metric = null, int[]? years = null) => series
        .Where(s => (metric is null || s.Metric == metric) && (years is null || years.Contains(s.Year)))
        .Select(s => new Series(s));

    public IEnumerable<Milestone> Milestones => milestones.Select(m => new Milestone(m));

    [Description("The scenario's listed comparisons whose first side is this entity.")]
    public IEnumerable<Comparison> Comparisons => comparisons.Select(c => new Comparison(c));

    /// <summary>The running statistics an entity grain serves, as the engine's records.</summary>
    internal static EntityResults FromRunning(Grains.EntityResults r, string? strategy) => new(r.BatchId, false, r.TrialsDone,
        [.. r.Series.Select(s => new SeriesStatistics(s.Entity, s.Metric, s.Year, s.Count, s.Mean, s.StdDev, s.Min, s.Max,
            s.P5, s.P10, s.P25, s.P50, s.P75, s.P90, s.P95))],
        [.. r.Milestones.Select(m => new MilestoneResult(m.Entity, m.Milestone, m.ProbabilityByEnd,
            [.. m.ProbabilityByYear.Select(p => new Engine.Results.YearProbability(p.Key, p.Value))], m.P10, m.P50, m.P90))],
        [.. r.Comparisons.Select(c => new ComparisonResult(c.A, c.B, c.Metric, c.Year, c.Count, c.ProbabilityALessThanB,
            c.DeltaMean, c.DeltaP10, c.DeltaP50, c.DeltaP90))], strategy);
}
