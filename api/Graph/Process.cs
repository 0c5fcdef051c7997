using System.ComponentModel;
using GraphQL;
using ScenarioGrid.Api.Services;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;
using Model = ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Api.Graph;

[Description("A step of a manufacturing process chain (model v2): its inputs, atmosphere and every numeric field written for it, each a parameter with its canonical path (a field not written takes its default).")]
public sealed class ChainStep(Model.Scenario scenario, Model.ProcessStep step)
{
    public string Id => step.Id;
    public string Name => step.Name;
    [Description("Materials of the route that enter the line at this step.")]
    public IEnumerable<string> Inputs => step.Inputs;
    [Description("ambient, dryRoom or inert.")]
    public string Atmosphere => step.Atmosphere switch
    {
        Model.AtmosphereClass.DryRoom => "dryRoom",
        Model.AtmosphereClass.Inert => "inert",
        _ => "ambient",
    };
    public double? DewPointC => step.DewPointC;
    [Description("Every numeric field written for the step (capexShare, thermal.temperatureC, yield.initial, losses.<m>.extra, readyYear, …), in the order written, with its path, distribution and value.")]
    public IEnumerable<Parameter> Parameters => step.Fields.Values.Select(p => Parameter.From(scenario, p));
    [Description("The step's readiness (a plant whose base chain has it cannot start before it); null when the step has none.")]
    public Parameter? ReadyYear => step.Field("readyYear") is { } p ? Parameter.From(scenario, p) : null;

    internal static IEnumerable<ChainStep>? Of(Model.Scenario scenario, Model.ProcessChain? chain) => chain?.Steps.Select(s => new ChainStep(scenario, s));
}

[Description("A process or interface option (model v2): its scope, readiness, adoption rule and effects.")]
public sealed class Option(Model.Scenario scenario, Model.ProcessOption option)
{
    public string Id => option.Id;
    [Description("The entity name in series and milestones, e.g. option:low-temp-sintering.")]
    public string Entity => "option:" + option.Id;
    public string Name => option.Name;
    public string Description => option.Description;
    public IEnumerable<string> Routes => option.Routes;
    [Description("The regions it is limited to; null: every region.")]
    public IEnumerable<string>? Regions => option.Regions;
    [Description("The plants it is limited to; null: every plant of its routes and regions.")]
    public IEnumerable<string>? Plants => option.Plants;
    [Description("sop (lines that start after it is ready) or retrofit (running lines too).")]
    public string Adoption => option.Adoption == Model.AdoptionRule.Retrofit ? "retrofit" : "sop";
    [Description("Its readiness year (one draw per trial, shared by every plant in scope).")]
    public Parameter ReadyYear => Parameter.From(scenario, option.ReadyYear);
    [Description("Its effects, applied in list order.")]
    public IEnumerable<OptionEffect> Effects => option.Effects.Select(e => OptionEffect.From(scenario, e));

    [Description("Its statistics (adoptedCapacityGWh, adoptedOutputGWh; milestones processReady, adopted) in a batch of this scenario version: " +
                 "running while the batch runs, final after. `strategy` picks a member of a strategy-set batch (default: base), as Route.results.")]
    public Task<EntityResults> Results([FromServices] IGrainFactory grains, [FromServices] BatchService batches,
        [FromServices] ResultQueries results, [FromServices] ScenarioService scenarios, CancellationToken cancellationToken,
        [Id] string batchId, string? strategy = null) =>
        EntityNode.ResultsIn(batchId, strategy, Entity, key => grains.GetGrain<IOptionGrain>(key), option.Id, batches, results, scenarios, cancellationToken);
}

[Description("One effect of an option: a value change (multiply, add, set on a target) or a change of the chain (addStep, removeStep, replaceStep).")]
public sealed record OptionEffect(
    [property: Description("multiply, add, set, addStep, removeStep or replaceStep.")] string Kind,
    [property: Description("The route-relative path a value effect changes (e.g. process.steps.sintering.thermal.temperatureC).")] string? Target,
    [property: Description("The value of a multiply, add or set.")] Parameter? Value,
    [property: Description("The step a structural effect adds, removes or puts in place of another.")] string? Step,
    [property: Description("after or before (addStep; end when appended), or replaces (replaceStep).")] string? Position,
    [property: Description("The step it is placed after or before, or the step it replaces.")] string? Anchor,
    [property: Description("The step an addStep or replaceStep inserts.")] ChainStep? AddedStep)
{
    internal static OptionEffect From(Model.Scenario scenario, Model.OptionEffect e) => e switch
    {
        Model.ValueEffect v => new(v.Operation.ToString().ToLowerInvariant(), v.Target, Parameter.From(scenario, v.Value), null, null, null, null),
        Model.AddStepEffect a => new("addStep", null, null, a.Step.Id, a.Position.ToString().ToLowerInvariant(), a.Anchor, null)
            { AddedStep = new ChainStep(scenario, a.Step) },
        Model.RemoveStepEffect r => new("removeStep", null, null, r.StepId, null, null, null),
        Model.ReplaceStepEffect r => new("replaceStep", null, null, r.Step.Id, "replaces", r.Replaced, null) { AddedStep = new ChainStep(scenario, r.Step) },
        _ => throw new InvalidOperationException($"unknown effect {e.GetType().Name}"),
    };
}

[Description("A strategy of the file (model v2): a named bundle of set overrides; with base, a member of the file's strategy set.")]
public sealed record Strategy(string Id, string Name, string Description,
    [property: Description("The numeric parameters the strategy's set changes, as the member has them (path, distribution, value).")] IReadOnlyList<Parameter> Parameters);

[Description("A listed cross-member comparison of the file's strategy set.")]
public sealed record StrategyComparisonSpec(string A, string B, string Entity, string Metric, string? Step);

/// <summary>The chain and option views of a stored scenario's routes and plants.</summary>
internal static class ProcessViews
{
    public static IEnumerable<Option> OptionsOfRoute(ScenarioService scenarios, string sha256, string route)
    {
        var scenario = scenarios.Model(sha256).Scenario;
        return scenario.Options.Where(o => o.Routes.Contains(route)).Select(o => new Option(scenario, o));
    }

    public static IEnumerable<Option> OptionsOfPlant(ScenarioService scenarios, string sha256, string plant)
    {
        var scenario = scenarios.Model(sha256).Scenario;
        var p = scenario.Plants.First(x => x.Id == plant);
        return scenario.Options.Where(o => o.InScope(p)).Select(o => new Option(scenario, o));
    }

    /// <summary>A plant's base chain (model-spec-v2 §4.3): its own when it has one, else its route's.</summary>
    public static Model.ProcessChain? BaseChain(ScenarioService scenarios, string sha256, string plant)
    {
        var scenario = scenarios.Model(sha256).Scenario;
        var p = scenario.Plants.First(x => x.Id == plant);
        return p.Process ?? scenario.Routes.First(r => r.Id == p.RouteId).Process;
    }
}
