namespace ScenarioGrid.Engine.Model;

/// <summary>
/// A plant of one route in one region. <see cref="Overrides"/> maps a route-relative path
/// (<c>yield.initial</c>, <c>materials.electrolyte.usdPerKg</c>) to the plant's own parameter, whose path is
/// <c>plants.&lt;id&gt;.overrides.&lt;route-relative path&gt;</c>.
/// </summary>
public sealed record Plant(
    string Id,
    string Name,
    string RouteId,
    string RegionId,
    int AnnouncedSopYear,
    Parameter SopDelayYears,
    IReadOnlyList<CapacityStep> Capacity,
    IReadOnlyDictionary<string, Parameter> Overrides)
{
    /// <summary>The plant's own chain (model v2), replacing its route's as its base chain.</summary>
    public ProcessChain? Process { get; init; }
}

/// <summary>Nameplate from <see cref="Year"/> on (before any delay shifts it).</summary>
public sealed record CapacityStep(int Year, Parameter Gwh);
