using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Tests.Simulation;

/// <summary>A parameter value in a test scenario: a bare number (fixed) or a distribution.</summary>
internal readonly record struct V(Distribution? D)
{
    public static implicit operator V(double x) => new(new FixedValue(x));
    public static implicit operator V(Distribution d) => new(d);
    public Distribution Or(double fallback) => D ?? new FixedValue(fallback);
}

/// <summary>A bill-of-materials line before it gets its route's paths.</summary>
internal sealed record TestMaterial(string Id, V Kg, V UsdPerKg, V UsdPerKWh, V Share, V LearningRate, V Floor)
{
    public static TestMaterial Mass(string id, V kg, V usd, V share = default, V learningRate = default, V floor = default) =>
        new(id, kg, usd, default, share, learningRate, floor);

    public static TestMaterial Flat(string id, V usdPerKWh, V share = default) =>
        new(id, default, default, usdPerKWh, share, default, default);
}

/// <summary>
/// Builds a <see cref="Scenario"/> in code the way the loader would after validation: every parameter at
/// its canonical path, defaults (lithiumShare 0, floors 0, delay 0, λ 1) as fixed parameters.
/// </summary>
internal sealed class TestScenario(string id, int start, int end)
{
    private readonly List<Region> _regions = [];
    private readonly List<Route> _routes = [];
    private readonly List<Plant> _plants = [];
    private readonly List<Correlation> _correlations = [];
    private readonly List<ComparisonSpec> _comparisons = [];
    private Targets _targets = new(100, 10);
    private V _benchmarkStart = 100, _benchmarkChange = 0, _lambda = 1;

    private static Parameter P(string path, V v, double fallback = 0) => new(path, v.Or(fallback));

    public TestScenario Targets(double costThreshold, double massProduction)
    {
        _targets = new Targets(costThreshold, massProduction);
        return this;
    }

    public TestScenario Benchmark(V start, V annualChange)
    {
        _benchmarkStart = start;
        _benchmarkChange = annualChange;
        return this;
    }

    public TestScenario Lambda(V lambda)
    {
        _lambda = lambda;
        return this;
    }

    public TestScenario Region(string id, V electricity = default, V labor = default, V capexMultiplier = default,
        V wacc = default, V depreciationYears = default, V fixedOpexRate = default, V utilizationMax = default,
        V subsidy = default)
    {
        string g = "regions." + id + ".";
        _regions.Add(new Region(id, id, P(g + "electricityUsdPerKWh", electricity, 0.1), P(g + "laborUsdPerHour", labor, 20),
            P(g + "capexMultiplier", capexMultiplier, 1), P(g + "wacc", wacc, 0.08), P(g + "depreciationYears", depreciationYears, 10),
            P(g + "fixedOpexRate", fixedOpexRate, 0.03), P(g + "utilizationMax", utilizationMax, 0.9), P(g + "subsidyUsdPerKWh", subsidy, 0)));
        return this;
    }

    public TestScenario Route(string id, IEnumerable<TestMaterial> materials, V processEnergy = default, V laborHours = default,
        V capex = default, V capexFloor = default, V dryRoom = default, V processRate = default, double cumulativeGWh0 = 1,
        V yieldInitial = default, V yieldMature = default, V yieldTau = default, V rampTau = default)
    {
        string r = "routes." + id + ".";
        var mats = materials.Select(m =>
        {
            string p = r + "materials." + m.Id + ".";
            return new Material(m.Id,
                m.UsdPerKWh.D is null ? P(p + "kgPerKWh", m.Kg) : null,
                m.UsdPerKWh.D is null ? P(p + "usdPerKg", m.UsdPerKg) : null,
                m.UsdPerKWh.D is null ? null : P(p + "usdPerKWh", m.UsdPerKWh),
                P(p + "lithiumShare", m.Share),
                m.LearningRate.D is null ? null : P(p + "learningRate", m.LearningRate),
                P(p + "floorUsdPerKg", m.Floor));
        }).ToList();
        _routes.Add(new Route(id, id, id, mats, P(r + "processEnergyKWhPerKWh", processEnergy, 20), P(r + "laborHoursPerKWh", laborHours, 0.2),
            P(r + "capexUsdPerKWhYear", capex, 150), P(r + "capexFloorUsdPerKWhYear", capexFloor, 0), P(r + "dryRoomUsdPerKWhYear", dryRoom, 0),
            P(r + "learning.processRate", processRate, 0), cumulativeGWh0, P(r + "yield.initial", yieldInitial, 0.6),
            P(r + "yield.mature", yieldMature, 0.9), P(r + "yield.timeConstantYears", yieldTau, 0), P(r + "rampTimeConstantYears", rampTau, 0)));
        return this;
    }

    public TestScenario Plant(string id, string route, string region, int sop, IEnumerable<(int Year, V Gwh)> capacity,
        V delay = default, IEnumerable<(string Path, V Value)>? overrides = null)
    {
        string p = "plants." + id + ".";
        var steps = capacity.Select((c, i) => new CapacityStep(c.Year, P(p + "capacity." + i + ".gwh", c.Gwh))).ToList();
        var ov = (overrides ?? []).ToDictionary(o => o.Path, o => P(p + "overrides." + o.Path, o.Value), StringComparer.Ordinal);
        _plants.Add(new Plant(id, id, route, region, sop, P(p + "sopDelayYears", delay), steps, ov));
        return this;
    }

    public TestScenario Correlate(string pathA, string pathB, double rho)
    {
        _correlations.Add(new Correlation(pathA, pathB, rho));
        return this;
    }

    public TestScenario Compare(string a, string b, string metric)
    {
        _comparisons.Add(new ComparisonSpec(a, b, metric));
        return this;
    }

    public Scenario Build() => new(id, id, "", new Horizon(start, end), _targets,
        new Benchmark("benchmark", P("benchmark.startUsdPerKWh", _benchmarkStart), P("benchmark.annualChange", _benchmarkChange)),
        P("globals.lithiumPriceIndex", _lambda, 1), _regions, _routes, _plants, _correlations, _comparisons, "");
}

/// <summary>Reading a <see cref="BatchResult"/> in tests.</summary>
internal static class ResultLookup
{
    public static SeriesStatistics Series(this BatchResult r, string entity, string metric, int year) =>
        r.Series.Single(s => s.Entity == entity && s.Metric == metric && s.Year == year);

    public static MilestoneResult Milestone(this BatchResult r, string entity, string milestone) =>
        r.Milestones.Single(m => m.Entity == entity && m.Milestone == milestone);

    public static ComparisonResult Comparison(this BatchResult r, string a, string b, string metric, int year) =>
        r.Comparisons.Single(c => c.A == a && c.B == b && c.Metric == metric && c.Year == year);

    /// <summary>Runs trials [first, first + count) on one worker and builds the result document.</summary>
    public static BatchResult RunRange(CompiledModel model, ulong seed, long first, long count, int chunk = 1024)
    {
        var worker = new ChunkWorker(model, seed, chunk);
        var acc = worker.NewAccumulator();
        worker.Run(first, count, acc);
        return ResultBuilder.Build(model, acc, (long)seed);
    }

    public static BatchResult Build(CompiledModel model, BatchAccumulator acc, ulong seed) =>
        ResultBuilder.Build(model, acc, (long)seed);
}
