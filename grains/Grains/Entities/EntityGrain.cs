using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Entities;

/// <summary>
/// A route, region, plant or option of one stored scenario, or of one member of its strategy set (key
/// <see cref="EntityKeys"/>: <c>{scenarioSha256}/{id}</c>, or <c>{scenarioSha256}/{id}/{strategy}</c>): the authority on
/// its resolved definition (the member's, where a strategy sets its parameters), and the live view of each running
/// batch of that member: the running statistics a batch publishes to it at each checkpoint (a strategy-set batch
/// publishes each member's to that member's grains). Final results are read from the result tables, not through these grains.
/// </summary>
public abstract class EntityGrain(ScenarioModels models) : Grain, IEntityGrain
{
    private readonly Dictionary<string, EntityResults> _running = new(StringComparer.Ordinal);

    protected abstract string Kind { get; }
    protected string ScenarioSha256 => EntityKeys.Parse(this.GetPrimaryKeyString()).ScenarioSha256;
    protected string EntityId => EntityKeys.Parse(this.GetPrimaryKeyString()).EntityId;
    /// <summary>The member of the file's strategy set; null: the file itself.</summary>
    protected string? Strategy => EntityKeys.Parse(this.GetPrimaryKeyString()).Strategy;
    private CompiledModel _model = null!;
    protected Scenario Scenario => _model.Scenario;

    // Reading and compiling the scenario (once per silo) is database I/O and CPU: off the grain's turn.
    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _model = await Task.Run(() => models.Get(ScenarioSha256, Strategy), cancellationToken);

    public Task<EntityDefinition> GetDefinition(CancellationToken cancellationToken = default)
    {
        var model = _model;
        string prefix = $"{Kind}s.{EntityId}.";
        var parameters = model.Parameters.Where(p => p.Path.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => new ParameterView(p.Path, p.Distribution.Kind, p.Distribution.Arguments.ToList(), p.Distribution.Describe(), p.IsFixed,
                SourceNotes.For(model.Scenario, p)))
            .ToList();
        var (name, attributes) = Describe();
        return Task.FromResult(new EntityDefinition(Kind, EntityId, name, attributes, parameters));
    }

    /// <summary>The entity's name and non-numeric attributes; throws when the scenario has no such entity.</summary>
    protected abstract (string Name, IReadOnlyList<KeyValuePair<string, string>> Attributes) Describe();

    public Task<EntityResults> GetRunningResults(string batchId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_running.GetValueOrDefault(batchId) ?? new EntityResults(batchId, false, 0, [], [], []));

    public Task PublishRunning(string batchId, EntityResults running, CancellationToken cancellationToken = default)
    {
        _running[batchId] = running;
        return Task.CompletedTask;
    }

    protected static KeyValuePair<string, string> Attribute(string name, string value) => new(name, value);
}

public sealed class RouteGrain(ScenarioModels models) : EntityGrain(models), IRouteGrain
{
    protected override string Kind => "route";

    protected override (string, IReadOnlyList<KeyValuePair<string, string>>) Describe()
    {
        var route = Scenario.Routes.SingleOrDefault(r => r.Id == EntityId)
            ?? throw new KeyNotFoundException($"scenario has no route '{EntityId}'");
        return (route.Name, [Attribute("family", route.Family), Attribute("materials", string.Join(",", route.Materials.Select(m => m.Id))),
            Attribute("cumulativeGWh0", route.CumulativeGWh0.ToString("R", System.Globalization.CultureInfo.InvariantCulture))]);
    }
}

public sealed class RegionGrain(ScenarioModels models) : EntityGrain(models), IRegionGrain
{
    protected override string Kind => "region";

    protected override (string, IReadOnlyList<KeyValuePair<string, string>>) Describe()
    {
        var region = Scenario.Regions.SingleOrDefault(r => r.Id == EntityId)
            ?? throw new KeyNotFoundException($"scenario has no region '{EntityId}'");
        return (region.Name, []);
    }
}

public sealed class PlantGrain(ScenarioModels models) : EntityGrain(models), IPlantGrain
{
    protected override string Kind => "plant";

    protected override (string, IReadOnlyList<KeyValuePair<string, string>>) Describe()
    {
        var plant = Scenario.Plants.SingleOrDefault(p => p.Id == EntityId)
            ?? throw new KeyNotFoundException($"scenario has no plant '{EntityId}'");
        return (plant.Name, [Attribute("route", plant.RouteId), Attribute("region", plant.RegionId),
            Attribute("announcedSopYear", plant.AnnouncedSopYear.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }
}

public sealed class OptionGrain(ScenarioModels models) : EntityGrain(models), IOptionGrain
{
    protected override string Kind => "option";

    protected override (string, IReadOnlyList<KeyValuePair<string, string>>) Describe()
    {
        var option = Scenario.Options.SingleOrDefault(o => o.Id == EntityId)
            ?? throw new KeyNotFoundException($"scenario has no option '{EntityId}'");
        return (option.Name, [Attribute("routes", string.Join(",", option.Routes)),
            Attribute("adoption", option.Adoption == AdoptionRule.Retrofit ? "retrofit" : "sop")]);
    }
}
