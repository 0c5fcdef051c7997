using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

// What the region, route and plant sections hand on: each entry's id (so that later sections can check references
// to it even when the entry itself is broken) and its model, null when the entry broke a rule.

internal sealed record RegionInfo(string Id, Region? Region);

internal sealed record PlantInfo(string Id, Plant? Plant);

internal sealed class RouteInfo(string id)
{
    public string Id { get; } = id;
    public Route? Route { get; set; }
    /// <summary>Route-relative path → value (with the node it was written at), for overrides and cross-field rules.</summary>
    public Dictionary<string, FieldValue> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, MaterialInfo> Materials { get; } = new(StringComparer.Ordinal);

    /// <summary>Keeps a route-relative value a plant's overrides are checked against (when it was read).</summary>
    public FieldValue? Remember(string relative, FieldValue? value)
    {
        if (value is not null) Values[relative] = value;
        return value;
    }
}

/// <summary>A material of a route as overrides see it: priced by mass or flat (usdPerKWh).</summary>
internal sealed record MaterialInfo(string Id, bool IsFlat);
