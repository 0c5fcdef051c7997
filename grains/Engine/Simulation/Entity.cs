using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Simulation;

public enum EntityKind { World, Route, Region, Plant, Benchmark, Option }

/// <summary>A reporting entity: <c>world</c>, <c>route:id</c>, <c>region:id</c>, <c>plant:id</c> or <c>benchmark</c>.</summary>
public sealed record Entity(int Index, EntityKind Kind, string Id, string Name)
{
    public bool HasMetric(Metric m) => Kind switch
    {
        EntityKind.Benchmark => m == Metric.CostUsdPerKWh,
        EntityKind.Option => m is Metric.AdoptedCapacityGWh or Metric.AdoptedOutputGWh,
        _ => (int)m < Metrics.Count,
    };
}

/// <summary>Entities in output order: world, routes, regions, plants (file order), benchmark, then options (v2).</summary>
public sealed class EntityCatalog
{
    public IReadOnlyList<Entity> All { get; }
    public int RouteBase => 1;
    public int RegionBase { get; }
    public int PlantBase { get; }
    public int BenchmarkIndex { get; }
    public int OptionBase { get; }
    private readonly Dictionary<string, int> _byName;

    public EntityCatalog(Scenario scenario)
    {
        var all = new List<Entity> { new(0, EntityKind.World, "world", "world") };
        foreach (var r in scenario.Routes) all.Add(new(all.Count, EntityKind.Route, "route:" + r.Id, r.Name));
        RegionBase = all.Count;
        foreach (var g in scenario.Regions) all.Add(new(all.Count, EntityKind.Region, "region:" + g.Id, g.Name));
        PlantBase = all.Count;
        foreach (var p in scenario.Plants) all.Add(new(all.Count, EntityKind.Plant, "plant:" + p.Id, p.Name));
        BenchmarkIndex = all.Count;
        all.Add(new(all.Count, EntityKind.Benchmark, "benchmark", scenario.Benchmark.Name));
        OptionBase = all.Count;
        foreach (var o in scenario.Options) all.Add(new(all.Count, EntityKind.Option, "option:" + o.Id, o.Name));
        All = all;
        _byName = all.ToDictionary(e => e.Id, e => e.Index, StringComparer.Ordinal);
    }

    public int Count => All.Count;

    public bool TryFind(string name, out int index) => _byName.TryGetValue(name, out index);

    public int IndexOf(string name) => TryFind(name, out int i) ? i
        : throw new ArgumentException($"unknown entity '{name}'");
}
