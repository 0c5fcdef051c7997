namespace ScenarioGrid.Grains;

/// <summary>
/// Keys of the entity grains. A stored file's own entities (and those of its <c>base</c> member) are
/// <c>{scenarioSha256}/{entityId}</c>; the entities of another member of its strategy set (model v2) are
/// <c>{scenarioSha256}/{entityId}/{strategy}</c>: a member's definition differs from the file's wherever its
/// strategy sets a parameter, and each member of a running set batch has its own running statistics.
/// Entity and strategy ids never hold '/' (both match <c>[a-z0-9][a-z0-9-]*</c>).
/// </summary>
public static class EntityKeys
{
    public static string Of(string scenarioSha256, string entityId, string? strategy = null) =>
        strategy is null or "base" ? $"{scenarioSha256}/{entityId}" : $"{scenarioSha256}/{entityId}/{strategy}";

    /// <returns>The scenario hash, the entity id (without its kind) and the member: null for the file itself.</returns>
    public static (string ScenarioSha256, string EntityId, string? Strategy) Parse(string key)
    {
        var parts = key.Split('/');
        return parts.Length switch
        {
            2 => (parts[0], parts[1], null),
            3 => (parts[0], parts[1], parts[2]),
            _ => throw new ArgumentException($"entity grain key '{key}' is not {{sha256}}/{{id}}[/{{strategy}}]"),
        };
    }

    /// <summary>The grain of entity <paramref name="entity"/> (<c>route:…</c>, <c>region:…</c>, <c>plant:…</c>, <c>option:…</c>) of a member.</summary>
    public static IEntityGrain EntityGrain(this IGrainFactory grains, string scenarioSha256, string entity, string? strategy = null)
    {
        int colon = entity.IndexOf(':');
        string kind = entity[..colon], key = Of(scenarioSha256, entity[(colon + 1)..], strategy);
        return kind switch
        {
            "route" => grains.GetGrain<IRouteGrain>(key),
            "region" => grains.GetGrain<IRegionGrain>(key),
            "option" => grains.GetGrain<IOptionGrain>(key),
            "plant" => grains.GetGrain<IPlantGrain>(key),
            _ => throw new ArgumentException($"'{entity}' is not a route, region, plant or option", nameof(entity)),
        };
    }
}
