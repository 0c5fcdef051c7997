using System.ComponentModel;
using GraphQL;
using ScenarioGrid.Api.Services;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Queries;
using BatchStatus = ScenarioGrid.Grains.BatchStatus;

namespace ScenarioGrid.Api.Graph;

[Description("A stored scenario version (its YAML and the files it extends), validated and compiled by the engine.")]
public sealed class Scenario(StoredScenario stored)
{
    private CompiledModel? _model;

    [Id]
    public string Id => stored.Id;
    [Description("SHA-256 of the file followed by its ancestors: the version's identity, as in provenance.")]
    public string Sha256 => stored.Sha256;
    public string Name => stored.Name;
    public string FileName => stored.FileName;
    public DateTimeOffset CreatedAt => stored.CreatedAt;
    [Description("The scenario file as submitted.")]
    public string Yaml => stored.Yaml;
    [Description("The files it extends, parent first, as stored with it.")]
    public IEnumerable<ScenarioFile> Ancestors => stored.Ancestors.Select(a => new ScenarioFile(a.FileName, a.Yaml));

    [Description("The exact version of the scenario it extends (its parent as stored with it, which a what-if's parameters differ from); null when it extends none or that version is not stored.")]
    public Scenario? Parent([FromServices] ScenarioService scenarios) => scenarios.Parent(stored) is { } parent ? new Scenario(parent) : null;

    public string Description([FromServices] ScenarioService scenarios) => Model(scenarios).Scenario.Description;

    public Horizon Horizon([FromServices] ScenarioService scenarios) =>
        new(Model(scenarios).Scenario.Horizon.Start, Model(scenarios).Scenario.Horizon.End);

    public IEnumerable<int> Years([FromServices] ScenarioService scenarios) =>
        Enumerable.Range(Model(scenarios).StartYear, Model(scenarios).YearCount);

    public Targets Targets([FromServices] ScenarioService scenarios) =>
        new(Model(scenarios).Scenario.Targets.CostThresholdUsdPerKWh, Model(scenarios).Scenario.Targets.MassProductionGWh);

    [Description("The benchmark's name (its parameters are benchmark.startUsdPerKWh and benchmark.annualChange).")]
    public string BenchmarkName([FromServices] ScenarioService scenarios) => Model(scenarios).Scenario.Benchmark.Name;

    [Description("Reporting entities in output order: world, routes, regions, plants, benchmark.")]
    public IEnumerable<string> Entities([FromServices] ScenarioService scenarios) => Model(scenarios).Entities.All.Select(e => e.Id);

    [Description("The metric names, in output order.")]
    public static IEnumerable<string> Metrics => Engine.Simulation.Metrics.AllNames;

    [Description("Every parameter of the resolved scenario (after extends and set), fixed or uncertain, optionally those whose path starts with a prefix.")]
    public IEnumerable<Parameter> Parameters([FromServices] ScenarioService scenarios, string? pathPrefix = null) =>
        Model(scenarios).Parameters.Where(p => pathPrefix is null || p.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            .Select(p => Parameter.From(Model(scenarios).Scenario, p));

    public IEnumerable<Correlation> Correlations([FromServices] ScenarioService scenarios) =>
        Model(scenarios).Scenario.Correlations.Select(c => new Correlation(c.PathA, c.PathB, c.Rho));

    [Description("The paired comparisons every batch of this scenario reports.")]
    public IEnumerable<ComparisonSpec> Comparisons([FromServices] ScenarioService scenarios) =>
        Model(scenarios).Scenario.Comparisons.Select(c => new ComparisonSpec(c.A, c.B, c.Metric));

    [Description("Model v2: the process and interface options, in file order.")]
    public IEnumerable<Option> Options([FromServices] ScenarioService scenarios)
    {
        var scenario = Model(scenarios).Scenario;
        return scenario.Options.Select(o => new Option(scenario, o));
    }

    [Description("Model v2: the file's strategies in file order (without base, the file itself, which is the first member of its strategy set).")]
    public IEnumerable<Strategy> Strategies([FromServices] ScenarioService scenarios) =>
        Model(scenarios).Scenario.Strategies.Select(s => new Strategy(s.Id, s.Name, s.Description, StrategyParameters(scenarios, s)));

    [Description("Model v2: the listed cross-member comparisons of the strategy set (without a list, a set batch compares every member pair on every route's costUsdPerKWh).")]
    public IEnumerable<StrategyComparisonSpec> StrategyComparisons([FromServices] ScenarioService scenarios) =>
        Model(scenarios).Scenario.StrategyComparisons.Select(c => new StrategyComparisonSpec(c.A, c.B, c.Entity, c.Metric, c.Step));

    public IEnumerable<Route> Routes([FromServices] ScenarioService scenarios) =>
        Model(scenarios).Scenario.Routes.Select(r => new Route(r.Id, Sha256, null));

    public IEnumerable<Region> Regions([FromServices] ScenarioService scenarios) =>
        Model(scenarios).Scenario.Regions.Select(r => new Region(r.Id, Sha256, null));

    public IEnumerable<Plant> Plants([FromServices] ScenarioService scenarios) =>
        Model(scenarios).Scenario.Plants.Select(p => new Plant(p.Id, Sha256, null));

    public Route? Route([FromServices] ScenarioService scenarios, [Id] string id) => Lookups.Route(Model(scenarios), Sha256, id, null);
    public Region? Region([FromServices] ScenarioService scenarios, [Id] string id) => Lookups.Region(Model(scenarios), Sha256, id, null);
    public Plant? Plant([FromServices] ScenarioService scenarios, [Id] string id) => Lookups.Plant(Model(scenarios), Sha256, id, null);

    [Description("Batches of this scenario id (any version), newest first.")]
    public BatchConnection Batches([FromServices] BatchService batches, int first = BatchQuery.DefaultPageSize, string? after = null,
        BatchStatus? status = null) => BatchConnection.Page(batches, first, after, status, Id);

    private CompiledModel Model(ScenarioService scenarios) => _model ??= scenarios.Model(stored.Sha256);

    /// <summary>The member's parameters whose value differs from the file's: what the strategy's set changed.</summary>
    private IReadOnlyList<Parameter> StrategyParameters(ScenarioService scenarios, Engine.Model.StrategyMember strategy)
    {
        var member = scenarios.Model(stored.Sha256, strategy.Id);
        var file = Model(scenarios).Parameters.ToDictionary(p => p.Path, p => p.Distribution.Describe());
        return [.. member.Parameters.Where(p => !file.TryGetValue(p.Path, out var text) || text != p.Distribution.Describe()).Select(p => Parameter.From(member.Scenario, p))];
    }
}

public sealed record ScenarioFile(string FileName, string Yaml);

public sealed record Horizon(int Start, int End);

public sealed record Targets(double CostThresholdUsdPerKWh, double MassProductionGWh);

public sealed record Correlation(string A, string B, double Rho);

public sealed record ComparisonSpec(string A, string B, string Metric);

/// <summary>Entity lookups by id in a compiled scenario: NOT_FOUND (and null) for an unknown id.</summary>
internal static class Lookups
{
    public static Route? Route(CompiledModel model, string sha256, string id, string? batchId) =>
        model.Scenario.Routes.Any(r => r.Id == id) ? new Route(id, sha256, batchId)
            : throw ApiErrors.NotFound($"scenario {model.Scenario.Id} has no route '{id}'");

    public static Region? Region(CompiledModel model, string sha256, string id, string? batchId) =>
        model.Scenario.Regions.Any(r => r.Id == id) ? new Region(id, sha256, batchId)
            : throw ApiErrors.NotFound($"scenario {model.Scenario.Id} has no region '{id}'");

    public static Plant? Plant(CompiledModel model, string sha256, string id, string? batchId) =>
        model.Scenario.Plants.Any(p => p.Id == id) ? new Plant(id, sha256, batchId)
            : throw ApiErrors.NotFound($"scenario {model.Scenario.Id} has no plant '{id}'");
}
