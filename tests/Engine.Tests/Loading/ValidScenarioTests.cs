using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Model;
using static ScenarioGrid.Engine.Tests.Loading.LoaderTestSupport;

namespace ScenarioGrid.Engine.Tests.Loading;

public class ValidScenarioTests
{
    [Fact]
    public void Full_scenario_loads_with_values_order_and_paths()
    {
        var s = Load(Full);

        Assert.Equal("baseline", s.Id);
        Assert.Equal("Baseline 2025-2030", s.Name);
        Assert.Equal("free text", s.Description);
        Assert.Equal(new Horizon(2025, 2030), s.Horizon);
        Assert.Equal(6, s.YearCount);
        Assert.Equal(new Targets(100, 10), s.Targets);
        Assert.Equal("Li-ion NMC cell", s.Benchmark.Name);
        Assert.Equal("benchmark.startUsdPerKWh", s.Benchmark.StartUsdPerKWh.Path);
        Assert.Equal(95, Fixed(s.Benchmark.StartUsdPerKWh));
        Assert.Equal(-0.05, Fixed(s.Benchmark.AnnualChange));
        Assert.Equal("globals.lithiumPriceIndex", s.LithiumPriceIndex.Path);
        var lambda = Assert.IsType<LognormalDistribution>(s.LithiumPriceIndex.Distribution);
        Assert.Equal((1.0, 0.3), (lambda.Median, lambda.SigmaLog));

        // Regions in file order, defaults and paths.
        Assert.Equal(["CN", "JP"], s.Regions.Select(r => r.Id));
        var jp = s.Regions[1];
        Assert.Equal("Japan", jp.Name);
        Assert.Equal("regions.JP.wacc", jp.Wacc.Path);
        Assert.IsType<TriangularDistribution>(jp.Wacc.Distribution);
        Assert.Equal("regions.JP.subsidyUsdPerKWh", jp.SubsidyUsdPerKWh.Path);
        Assert.Equal(0, Fixed(jp.SubsidyUsdPerKWh));
        Assert.Equal(0.85, Fixed(s.Regions[0].UtilizationMax));

        // Routes and materials in written order; set replaced the electrolyte price.
        Assert.Equal(["sulfide", "oxide"], s.Routes.Select(r => r.Id));
        var sulfide = s.Routes[0];
        Assert.Equal("Sulfide (argyrodite Li6PS5Cl)", sulfide.Name);
        Assert.Equal("sulfide", sulfide.Family);
        Assert.Equal(["cathode", "anode", "electrolyte", "other"], sulfide.Materials.Select(m => m.Id));
        var electrolyte = sulfide.Materials[2];
        Assert.False(electrolyte.IsFlat);
        Assert.Equal("routes.sulfide.materials.electrolyte.usdPerKg", electrolyte.UsdPerKg!.Path);
        var price = Assert.IsType<TriangularDistribution>(electrolyte.UsdPerKg.Distribution);
        Assert.Equal((30.0, 45.0, 80.0), (price.A, price.M, price.B));
        Assert.Equal(0.25, Fixed(electrolyte.LearningRate!));
        Assert.Equal(30, Fixed(electrolyte.FloorUsdPerKg));
        Assert.Equal(0.6, Fixed(electrolyte.LithiumShare));
        var other = sulfide.Materials[3];
        Assert.True(other.IsFlat);
        Assert.Null(other.KgPerKWh);
        Assert.Null(other.UsdPerKg);
        Assert.Null(other.LearningRate);
        Assert.Equal(12, Fixed(other.UsdPerKWh!));
        Assert.Equal("routes.sulfide.materials.other.lithiumShare", other.LithiumShare.Path);
        Assert.Equal(0, Fixed(other.LithiumShare));
        Assert.Null(sulfide.Materials[0].LearningRate);
        Assert.Equal("routes.sulfide.materials.cathode.floorUsdPerKg", sulfide.Materials[0].FloorUsdPerKg.Path);
        Assert.Equal(0, Fixed(sulfide.Materials[0].FloorUsdPerKg));
        Assert.Equal(0.5, sulfide.CumulativeGWh0);
        Assert.Equal("routes.sulfide.learning.processRate", sulfide.LearningProcessRate.Path);
        Assert.Equal("routes.sulfide.yield.initial", sulfide.YieldInitial.Path);
        Assert.Equal(4, Fixed(sulfide.DryRoomUsdPerKWhYear));
        Assert.Equal(40, Fixed(sulfide.CapexFloorUsdPerKWhYear));

        var oxide = s.Routes[1];
        Assert.Equal(0, Fixed(oxide.CapexFloorUsdPerKWhYear));
        Assert.Equal("routes.oxide.capexFloorUsdPerKWhYear", oxide.CapexFloorUsdPerKWhYear.Path);
        Assert.Equal(0, Fixed(oxide.DryRoomUsdPerKWhYear));
        Assert.IsType<PertDistribution>(oxide.CapexUsdPerKWhYear.Distribution);
        var truncated = Assert.IsType<NormalDistribution>(oxide.Materials[1].UsdPerKg!.Distribution);
        Assert.Equal((40.0, 140.0), (truncated.Min, truncated.Max));
        var metalog = Assert.IsType<PercentilesDistribution>(oxide.ProcessEnergyKWhPerKWh.Distribution);
        Assert.Equal(10, metalog.LowerBound);
        var discrete = Assert.IsType<DiscreteDistribution>(oxide.YieldInitial.Distribution);
        Assert.Equal([(0.5, 0.25), (0.6, 0.5), (0.7, 0.25)], discrete.Outcomes);
        Assert.Equal(0.1, Fixed(oxide.Materials[2].LithiumShare));

        // Plants: references, capacity paths, defaults, overrides.
        Assert.Equal(["toyota-idemitsu", "oxide-cn"], s.Plants.Select(p => p.Id));
        var toyota = s.Plants[0];
        Assert.Equal(("Toyota / Idemitsu", "sulfide", "JP", 2027), (toyota.Name, toyota.RouteId, toyota.RegionId, toyota.AnnouncedSopYear));
        Assert.Equal("plants.toyota-idemitsu.sopDelayYears", toyota.SopDelayYears.Path);
        Assert.Equal([2027, 2029], toyota.Capacity.Select(c => c.Year));
        Assert.Equal("plants.toyota-idemitsu.capacity.1.gwh", toyota.Capacity[1].Gwh.Path);
        Assert.Equal(10, Fixed(toyota.Capacity[1].Gwh));
        var o = Assert.Single(toyota.Overrides);
        Assert.Equal("yield.initial", o.Key);
        Assert.Equal("plants.toyota-idemitsu.overrides.yield.initial", o.Value.Path);
        Assert.Equal(0.6, Fixed(o.Value));
        var oxideCn = s.Plants[1];
        Assert.Equal("oxide-cn", oxideCn.Name);
        Assert.Equal(0, Fixed(oxideCn.SopDelayYears));
        Assert.Empty(oxideCn.Overrides);
        Assert.Equal("plants.oxide-cn.capacity.1.gwh", oxideCn.Capacity[1].Gwh.Path);
        Assert.IsType<UniformDistribution>(oxideCn.Capacity[1].Gwh.Distribution);

        Assert.Equal([new Correlation("routes.sulfide.learning.processRate", "routes.oxide.learning.processRate", 0.5)],
            s.Correlations);
        Assert.Equal([new ComparisonSpec("route:sulfide", "route:oxide", "costUsdPerKWh"),
            new ComparisonSpec("plant:toyota-idemitsu", "benchmark", "costUsdPerKWh")], s.Comparisons);

        // Every parameter path is unique.
        var paths = ScenarioParameters.Enumerate(s).Select(p => p.Path).ToList();
        Assert.Equal(paths.Count, paths.Distinct().Count());
        Assert.Contains("plants.toyota-idemitsu.overrides.yield.initial", paths);
    }

    [Fact]
    public void Worked_example_loads()
    {
        var s = Load(Tiny);
        Assert.Equal("tiny", s.Id);
        Assert.Equal(new Horizon(2025, 2027), s.Horizon);
        Assert.Equal(new Targets(150, 3), s.Targets);
        Assert.Equal(1.2, Fixed(s.LithiumPriceIndex));
        var r1 = Assert.Single(s.Regions);
        Assert.Equal((1.1, 0.08, 5.0), (Fixed(r1.CapexMultiplier), Fixed(r1.Wacc), Fixed(r1.SubsidyUsdPerKWh)));
        var route = Assert.Single(s.Routes);
        Assert.Equal(["cathode", "electrolyte", "other"], route.Materials.Select(m => m.Id));
        Assert.Equal(0.1, Fixed(route.Materials[2].LithiumShare));
        Assert.Equal(150, Fixed(route.CapexUsdPerKWhYear));
        var p1 = Assert.Single(s.Plants);
        Assert.Equal([(2025, 2.0), (2026, 5.0)], p1.Capacity.Select(c => (c.Year, Fixed(c.Gwh))));
        Assert.All(ScenarioParameters.Enumerate(s), p => Assert.True(p.IsFixed, p.Path));
        Assert.Empty(s.Correlations);
        Assert.Empty(s.Comparisons);
    }

    [Fact]
    public void Defaults_are_applied_at_their_own_paths()
    {
        var s = Load(Mini);
        Assert.Equal("mini", s.Name);
        Assert.Equal("", s.Description);
        Assert.Equal("benchmark", s.Benchmark.Name);
        Assert.Equal("globals.lithiumPriceIndex", s.LithiumPriceIndex.Path);
        Assert.Equal(1, Fixed(s.LithiumPriceIndex));
        var cn = Assert.Single(s.Regions);
        Assert.Equal("CN", cn.Name);
        Assert.Equal(("regions.CN.subsidyUsdPerKWh", 0.0), (cn.SubsidyUsdPerKWh.Path, Fixed(cn.SubsidyUsdPerKWh)));
        var route = Assert.Single(s.Routes);
        Assert.Equal(("sulfide", ""), (route.Name, route.Family));
        Assert.Equal(("routes.sulfide.dryRoomUsdPerKWhYear", 0.0), (route.DryRoomUsdPerKWhYear.Path, Fixed(route.DryRoomUsdPerKWhYear)));
        var electrolyte = route.Materials[1];
        Assert.Equal(("routes.sulfide.materials.electrolyte.lithiumShare", 0.0),
            (electrolyte.LithiumShare.Path, Fixed(electrolyte.LithiumShare)));
        Assert.Equal(("routes.sulfide.materials.cathode.floorUsdPerKg", 0.0),
            (route.Materials[0].FloorUsdPerKg.Path, Fixed(route.Materials[0].FloorUsdPerKg)));
        Assert.Null(route.Materials[0].LearningRate);
        var plant = Assert.Single(s.Plants);
        Assert.Equal("p1", plant.Name);
        Assert.Empty(plant.Overrides);
        Assert.Empty(s.Correlations);
        Assert.Empty(s.Comparisons);

        var noDelay = Load(Mutate("    sopDelayYears: {lognormal: [1.0, 0.6]}\n", ""));
        Assert.Equal(("plants.p1.sopDelayYears", 0.0), (noDelay.Plants[0].SopDelayYears.Path, Fixed(noDelay.Plants[0].SopDelayYears)));
    }

    [Fact]
    public void Override_spellings_flat_and_nested_mean_the_same()
    {
        const string capacity = "      - {year: 2029, gwh: 10}\n";
        var flat = Load(Mutate(capacity, capacity + """
                overrides:
                  yield.initial: {uniform: [0.6, 0.8]}
                  materials.electrolyte.usdPerKg: 150
                  capexUsdPerKWhYear: 100

            """));
        var nested = Load(Mutate(capacity, capacity + """
                overrides:
                  yield: {initial: {uniform: [0.6, 0.8]}}
                  materials: {electrolyte: {usdPerKg: 150}}
                  capexUsdPerKWhYear: 100

            """));
        var mixed = Load(Mutate(capacity, capacity + """
                overrides:
                  yield: {initial: {uniform: [0.6, 0.8]}}
                  materials.electrolyte: {usdPerKg: 150}
                  capexUsdPerKWhYear: 100

            """));
        foreach (var s in new[] { flat, nested, mixed })
        {
            var o = s.Plants[0].Overrides;
            Assert.Equal(["yield.initial", "materials.electrolyte.usdPerKg", "capexUsdPerKWhYear"], o.Keys);
            Assert.Equal("plants.p1.overrides.yield.initial", o["yield.initial"].Path);
            Assert.Equal("plants.p1.overrides.materials.electrolyte.usdPerKg", o["materials.electrolyte.usdPerKg"].Path);
            Assert.Equal(150, Fixed(o["materials.electrolyte.usdPerKg"]));
            Assert.Equal("{uniform: [0.6, 0.8]}", o["yield.initial"].Distribution.Describe());
        }
        Assert.Equal(flat with { Sha256 = "" }, nested with { Sha256 = "" }, new ScenarioShapeComparer());
    }

    [Fact]
    public void Correlations_may_name_override_and_capacity_paths()
    {
        string yaml = Mutate("      - {year: 2029, gwh: 10}\n", """
                  - {year: 2029, gwh: {uniform: [8, 12]}}
                overrides: {yield: {initial: {uniform: [0.55, 0.75]}}}
            correlations:
              - {between: [plants.p1.overrides.yield.initial, routes.sulfide.yield.initial], rho: 0.8}
              - {between: [plants.p1.capacity.1.gwh, plants.p1.sopDelayYears], rho: -0.3}

            """);
        var s = Load(yaml);
        Assert.Equal(
            [new Model.Correlation("plants.p1.overrides.yield.initial", "routes.sulfide.yield.initial", 0.8),
             new Model.Correlation("plants.p1.capacity.1.gwh", "plants.p1.sopDelayYears", -0.3)],
            s.Correlations);
    }

    [Fact]
    public void Core_schema_scalars()
    {
        // 1e-3 is a number, 0x / 0o integers, a quoted name stays text, numbers as text fields are taken as written.
        var s = Load(Mutate(Mutate("  annualChange: -0.05", "  annualChange: -1e-3"), "id: mini", "id: mini\nname: 2025\ndescription: 'NO'")
            .Replace("    depreciationYears: 10", "    depreciationYears: 0xA"));
        Assert.Equal(-0.001, Fixed(s.Benchmark.AnnualChange));
        Assert.Equal(10, Fixed(s.Regions[0].DepreciationYears));
        Assert.Equal("2025", s.Name);
        Assert.Equal("NO", s.Description);
    }

    [Fact]
    public void Bounds_use_open_and_closed_support_ends()
    {
        // utilizationMax > 0: a lognormal's open (0, ∞) start passes the lower bound but not the upper (<= 1).
        // wacc >= 0 and < 1: uniform [0, 0.5] passes (closed 0 meets >= 0).
        var ok = Load(Mutate("    wacc: 0.07", "    wacc: {uniform: [0, 0.5]}"));
        Assert.Equal("{uniform: [0, 0.5]}", ok.Regions[0].Wacc.Distribution.Describe());
        // capexMultiplier > 0 with a lognormal (0, inf): passes.
        Load(Mutate("    capexMultiplier: 1.0", "    capexMultiplier: {lognormal: [1, 0.2]}"));
        // yield.mature > 0 and <= 1: truncated normal with max 1 (closed) passes.
        Load(Mutate("    mature: 0.92", "    mature: {normal: [0.92, 0.03], min: 0.8, max: 1}"));
        // capexMultiplier > 0 with uniform [0, 2]: a closed 0 breaks "> 0".
        var e = Errors(Mutate("    capexMultiplier: 1.0", "    capexMultiplier: {uniform: [0, 2]}"));
        Single(e, "regions.CN.capexMultiplier", 15, 22, "the whole support must be > 0, but this uniform has support [0, 2]");
    }

    [Fact]
    public void Shipped_scenarios_exist_and_load()
    {
        // The repository's shipped scenarios (written by others, read by strategists) must all be there and load.
        var dir = FindUp("scenarios") ?? throw new DirectoryNotFoundException("the repository's scenarios/ folder");
        var loaded = Directory.GetFiles(dir, "*.yaml").ToDictionary(f => Path.GetFileNameWithoutExtension(f), ScenarioLoader.LoadFile);
        Assert.Contains("baseline", loaded.Keys);
        Assert.True(loaded.Count >= 7, $"only {loaded.Count} shipped scenarios: {string.Join(", ", loaded.Keys)}");
        foreach (var (file, scenario) in loaded)
        {
            Assert.Equal(file, scenario.Id);
            Assert.NotEmpty(scenario.Routes);
        }
        Assert.Equal(loaded.Count, loaded.Values.Select(s => s.Sha256).Distinct().Count());
    }

    private static string? FindUp(string name)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, name)) && File.Exists(Path.Combine(d.FullName, "ScenarioGrid.sln")))
                return Path.Combine(d.FullName, name);
        return null;
    }

    internal static double Fixed(Parameter p) => Assert.IsType<FixedValue>(p.Distribution).Value;

    /// <summary>Compares two scenarios by their described parameters (records hold lists, so == is by reference).</summary>
    private sealed class ScenarioShapeComparer : IEqualityComparer<Scenario>
    {
        public bool Equals(Scenario? x, Scenario? y) => Shape(x!) == Shape(y!);
        public int GetHashCode(Scenario obj) => Shape(obj).GetHashCode();

        private static string Shape(Scenario s) => string.Join("\n", ScenarioParameters.Enumerate(s)
            .Select(p => p.Path + "=" + p.Distribution.Describe()));
    }
}
