using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Random;
using ScenarioGrid.Engine.Simulation.Process;

namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// A validated scenario turned into index tables the kernel reads: every parameter gets a column index,
/// every plant knows the columns of its effective (overridden or route) parameters.
/// Immutable and shared by all worker threads.
/// </summary>
public sealed class CompiledModel
{
    public Scenario Scenario { get; }
    public EntityCatalog Entities { get; }
    public int StartYear => Scenario.Horizon.Start;
    public int YearCount => Scenario.YearCount;

    /// <summary>All parameters, fixed and uncertain; a parameter's index is its input column.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Indices of the uncertain (drawn) parameters, in <see cref="Parameters"/> order.</summary>
    public IReadOnlyList<int> Uncertain { get; }

    /// <summary>Indices of the correlated parameters in ordinal path order, and their copula (null without correlations).</summary>
    internal int[] CorrelatedSet { get; }
    internal GaussianCopula? Copula { get; }

    internal int Lambda { get; }
    internal int BenchmarkStart { get; }
    internal int BenchmarkChange { get; }
    internal RouteSlots[] Routes { get; }
    internal RegionSlots[] Regions { get; }
    internal PlantSlots[] Plants { get; }

    private readonly Dictionary<string, int> _indexByPath;

    /// <summary>Model v2: chains, options and where the steps are; null for a v1 scenario.</summary>
    public ProcessPlan? Process { get; }

    public CompiledModel(Scenario scenario)
    {
        Scenario = scenario;
        Entities = new EntityCatalog(scenario);
        Parameters = ScenarioParameters.Enumerate(scenario);
        _indexByPath = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Parameters.Count; i++) _indexByPath.TryAdd(Parameters[i].Path, i);
        Uncertain = Enumerable.Range(0, Parameters.Count).Where(i => !Parameters[i].IsFixed).ToArray();

        Lambda = Index(scenario.LithiumPriceIndex);
        BenchmarkStart = Index(scenario.Benchmark.StartUsdPerKWh);
        BenchmarkChange = Index(scenario.Benchmark.AnnualChange);
        Regions = scenario.Regions.Select(g => new RegionSlots(
            Index(g.ElectricityUsdPerKWh), Index(g.LaborUsdPerHour), Index(g.CapexMultiplier), Index(g.Wacc),
            Index(g.DepreciationYears), Index(g.FixedOpexRate), Index(g.UtilizationMax), Index(g.SubsidyUsdPerKWh))).ToArray();
        Routes = CompileRoutes(scenario);
        Plants = scenario.Plants.Select(CompilePlant).ToArray();

        var correlated = scenario.Correlations.SelectMany(c => new[] { c.PathA, c.PathB })
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        CorrelatedSet = correlated.Select(p => _indexByPath[p]).ToArray();
        if (correlated.Length > 0)
        {
            var pairs = scenario.Correlations.Select(c =>
                (Array.IndexOf(correlated, c.PathA), Array.IndexOf(correlated, c.PathB), c.Rho)).ToList();
            Copula = new GaussianCopula(correlated, pairs);
        }
        if (scenario.IsV2) Process = new ProcessPlan(this);
    }

    public int IndexOf(string path) => _indexByPath.TryGetValue(path, out int i) ? i
        : throw new ArgumentException($"unknown parameter path '{path}'");

    /// <summary>The counter-RNG stream of each parameter for a batch seed (0 for fixed ones).</summary>
    public ulong[] Streams(ulong seed)
    {
        var streams = new ulong[Parameters.Count];
        foreach (int i in Uncertain) streams[i] = CounterRng.Stream(seed, Parameters[i].Path);
        return streams;
    }

    private int Index(Parameter p) => _indexByPath[p.Path];

    private RouteSlots[] CompileRoutes(Scenario s)
    {
        var routes = new RouteSlots[s.Routes.Count];
        int learningSlot = 0;
        for (int r = 0; r < routes.Length; r++)
        {
            var route = s.Routes[r];
            var slots = new int[route.Materials.Count];
            var rates = new List<int>();
            for (int m = 0; m < slots.Length; m++)
            {
                if (route.Materials[m].LearningRate is { } lr) { slots[m] = learningSlot++; rates.Add(Index(lr)); }
                else slots[m] = -1;
            }
            routes[r] = new RouteSlots(Index(route.LearningProcessRate), route.CumulativeGWh0, slots, rates.ToArray());
        }
        return routes;
    }

    private PlantSlots CompilePlant(Plant p)
    {
        int r = IndexOfId(Scenario.Routes, p.RouteId, x => x.Id);
        int g = IndexOfId(Scenario.Regions, p.RegionId, x => x.Id);
        var route = Scenario.Routes[r];
        int Eff(string relative, Parameter routeValue) =>
            p.Overrides.TryGetValue(relative, out var o) ? Index(o) : Index(routeValue);
        int? EffOpt(string relative, Parameter? routeValue) =>
            p.Overrides.TryGetValue(relative, out var o) ? Index(o) : routeValue is null ? null : Index(routeValue);

        var materials = route.Materials.Select((m, i) =>
        {
            string prefix = "materials." + m.Id + ".";
            return new PlantMaterialSlots(
                m.IsFlat,
                EffOpt(prefix + "kgPerKWh", m.KgPerKWh) ?? -1,
                EffOpt(prefix + "usdPerKg", m.UsdPerKg) ?? -1,
                EffOpt(prefix + "usdPerKWh", m.UsdPerKWh) ?? -1,
                Eff(prefix + "lithiumShare", m.LithiumShare),
                Eff(prefix + "floorUsdPerKg", m.FloorUsdPerKg),
                Routes[r].MaterialLearningSlot[i]);
        }).ToArray();

        return new PlantSlots(r, g, p.AnnouncedSopYear, Index(p.SopDelayYears),
            p.Capacity.Select(c => c.Year).ToArray(), p.Capacity.Select(c => Index(c.Gwh)).ToArray(),
            Eff("processEnergyKWhPerKWh", route.ProcessEnergyKWhPerKWh),
            Eff("laborHoursPerKWh", route.LaborHoursPerKWh),
            Eff("capexUsdPerKWhYear", route.CapexUsdPerKWhYear),
            Eff("capexFloorUsdPerKWhYear", route.CapexFloorUsdPerKWhYear),
            Eff("dryRoomUsdPerKWhYear", route.DryRoomUsdPerKWhYear),
            Eff("yield.initial", route.YieldInitial),
            Eff("yield.mature", route.YieldMature),
            Eff("yield.timeConstantYears", route.YieldTimeConstantYears),
            Eff("rampTimeConstantYears", route.RampTimeConstantYears),
            materials);
    }

    private static int IndexOfId<T>(IReadOnlyList<T> list, string id, Func<T, string> key)
    {
        for (int i = 0; i < list.Count; i++) if (key(list[i]) == id) return i;
        throw new ArgumentException($"unknown id '{id}'");
    }
}

/// <summary><see cref="MaterialLearningSlot"/>[m] is the slot of material m's learning factor column, or −1.</summary>
internal sealed record RouteSlots(int ProcessRate, double CumulativeGWh0, int[] MaterialLearningSlot, int[] MaterialLearningRates);

internal sealed record RegionSlots(int Electricity, int Labor, int CapexMultiplier, int Wacc, int DepreciationYears,
    int FixedOpexRate, int UtilizationMax, int Subsidy);

internal sealed record PlantMaterialSlots(bool IsFlat, int KgPerKWh, int UsdPerKg, int UsdPerKWh, int LithiumShare,
    int Floor, int LearningSlot);

internal sealed record PlantSlots(int Route, int Region, int AnnouncedSop, int Delay, int[] CapacityYears,
    int[] CapacityGwh, int ProcessEnergy, int LaborHours, int Capex, int CapexFloor, int DryRoom, int YieldInitial,
    int YieldMature, int YieldTau, int RampTau, PlantMaterialSlots[] Materials);
