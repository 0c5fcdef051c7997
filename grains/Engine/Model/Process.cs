namespace ScenarioGrid.Engine.Model;

/// <summary>
/// A manufacturing process chain (model-spec-v2 §2.1): the ordered steps of a route's (or a plant's own) line.
/// The implicit last entry <c>other</c> is not listed: it takes what the steps do not claim (§4.4).
/// </summary>
public sealed record ProcessChain(IReadOnlyList<ProcessStep> Steps);

/// <summary>
/// One step. <see cref="Fields"/> maps the step-relative numeric field (<c>capexShare</c>, <c>thermal.temperatureC</c>,
/// <c>yield.initial</c>, <c>losses.electrolyte.extra</c>, <c>readyYear</c>, …) to its parameter, as written: a field
/// that is not written is absent here and takes its default in the simulation (§2.1).
/// </summary>
public sealed record ProcessStep(
    string Id,
    string Name,
    IReadOnlyList<string> Inputs,
    AtmosphereClass Atmosphere,
    double? DewPointC,
    IReadOnlyDictionary<string, Parameter> Fields)
{
    public Parameter? Field(string name) => Fields.GetValueOrDefault(name);

    /// <summary>The materials with a <c>losses</c> entry, in the order written.</summary>
    public IReadOnlyList<string> LossMaterials { get; init; } = [];
}

public enum AtmosphereClass { Ambient, DryRoom, Inert }

public enum AdoptionRule { Sop, Retrofit }

/// <summary>A process or interface alternative with an uncertain readiness year (model-spec-v2 §2.2).</summary>
public sealed record ProcessOption(
    string Id,
    string Name,
    string Description,
    IReadOnlyList<string> Routes,
    IReadOnlyList<string>? Regions,
    IReadOnlyList<string>? Plants,
    Parameter ReadyYear,
    AdoptionRule Adoption,
    IReadOnlyList<OptionEffect> Effects)
{
    public bool InScope(Plant p) => Routes.Contains(p.RouteId)
        && (Regions is null || Regions.Contains(p.RegionId)) && (Plants is null || Plants.Contains(p.Id));
}

public enum EffectOperation { Multiply, Add, Set }

/// <summary>One effect of an option, applied in list order: a value change or a structural change of the chain.</summary>
public abstract record OptionEffect;

/// <summary><c>{target, multiply|add|set: value}</c>: <see cref="Target"/> is a route-relative path as the plant sees it.</summary>
public sealed record ValueEffect(string Target, EffectOperation Operation, Parameter Value) : OptionEffect;

public enum StepPosition { End, After, Before }

/// <summary><c>{addStep: n, after|before: k, step}</c>.</summary>
public sealed record AddStepEffect(ProcessStep Step, StepPosition Position, string? Anchor) : OptionEffect;

public sealed record RemoveStepEffect(string StepId) : OptionEffect;

/// <summary><c>{replaceStep: k, with: n, step}</c>: n goes immediately after k, and is present only where k was.</summary>
public sealed record ReplaceStepEffect(string Replaced, ProcessStep Step) : OptionEffect;

/// <summary>A paired comparison across two members of a strategy set (§2.3); <see cref="Step"/> for a step metric.</summary>
public sealed record StrategyComparisonSpec(string A, string B, string Entity, string Metric, string? Step);
