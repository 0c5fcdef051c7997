using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Tests.Simulation;

/// <summary>Model-spec section 7: the worked example's table, reproduced to 1e−9.</summary>
public class WorkedExampleTests
{
    private static Parameter P(string path, double v) => new(path, new FixedValue(v));

    internal static Scenario Tiny()
    {
        var region = new Region("R1", "Region one", P("regions.R1.electricityUsdPerKWh", 0.1), P("regions.R1.laborUsdPerHour", 20),
            P("regions.R1.capexMultiplier", 1.1), P("regions.R1.wacc", 0.08), P("regions.R1.depreciationYears", 10),
            P("regions.R1.fixedOpexRate", 0.03), P("regions.R1.utilizationMax", 0.9), P("regions.R1.subsidyUsdPerKWh", 5));
        string m = "routes.sulfide.materials.";
        var materials = new List<Material>
        {
            new("cathode", P(m + "cathode.kgPerKWh", 1.5), P(m + "cathode.usdPerKg", 20), null, P(m + "cathode.lithiumShare", 0.3), null, P(m + "cathode.floorUsdPerKg", 0)),
            new("electrolyte", P(m + "electrolyte.kgPerKWh", 0.6), P(m + "electrolyte.usdPerKg", 150), null, P(m + "electrolyte.lithiumShare", 0.5),
                P(m + "electrolyte.learningRate", 0.2), P(m + "electrolyte.floorUsdPerKg", 30)),
            new("other", null, null, P(m + "other.usdPerKWh", 12), P(m + "other.lithiumShare", 0.1), null, P(m + "other.floorUsdPerKg", 0)),
        };
        string r = "routes.sulfide.";
        var route = new Route("sulfide", "Sulfide", "sulfide", materials, P(r + "processEnergyKWhPerKWh", 20), P(r + "laborHoursPerKWh", 0.2),
            P(r + "capexUsdPerKWhYear", 150), P(r + "capexFloorUsdPerKWhYear", 50), P(r + "dryRoomUsdPerKWhYear", 4),
            P(r + "learning.processRate", 0.15), 0.5, P(r + "yield.initial", 0.6), P(r + "yield.mature", 0.9),
            P(r + "yield.timeConstantYears", 2), P(r + "rampTimeConstantYears", 1.5));
        var plant = new Plant("p1", "Plant one", "sulfide", "R1", 2025, P("plants.p1.sopDelayYears", 0),
            [new CapacityStep(2025, P("plants.p1.capacity.0.gwh", 2)), new CapacityStep(2026, P("plants.p1.capacity.1.gwh", 5))],
            new Dictionary<string, Parameter>());
        return new Scenario("tiny", "Tiny", "", new Horizon(2025, 2027), new Targets(150, 3),
            new Benchmark("Li-ion NMC cell", P("benchmark.startUsdPerKWh", 100), P("benchmark.annualChange", -0.05)),
            P("globals.lithiumPriceIndex", 1.2), [region], [route], [plant], [], [], "");
    }

    // The spec's table, rows in metric order, columns 2025..2027.
    private static readonly (string Metric, double[] Values)[] Table =
    [
        ("capacityGWh", [2, 5, 5]),
        ("utilization", [0.4379245929, 0.6627625757, 0.7781982451]),
        ("yield", [0.6, 0.7180408021, 0.7896361676]),
        ("outputGWh", [0.5255095114, 2.379452857, 3.0724674]),
        ("cumulativeOutputGWh", [0.5255095114, 2.904962369, 5.977429768]),
        ("materialsUsdPerKWh", [238.4, 176.4360415, 134.933531]),
        ("energyUsdPerKWh", [3.333333333, 2.785357036, 2.532812049]),
        ("laborUsdPerKWh", [6.666666667, 4.707223464, 3.230650933]),
        ("capitalUsdPerKWh", [93.5848547, 51.67126039, 40.01647933]),
        ("fixedUsdPerKWh", [34.06218082, 18.80684455, 14.56484128]),
        ("subsidyUsdPerKWh", [5, 5, 5]),
        ("costUsdPerKWh", [371.0470355, 249.4067269, 190.2783146]),
    ];

    public static IEnumerable<object[]> Entities() =>
        new[] { "plant:p1", "route:sulfide", "region:R1", "world" }.Select(e => new object[] { e });

    [Theory]
    [MemberData(nameof(Entities))]
    public void Every_entity_of_the_single_plant_reproduces_the_table(string entity)
    {
        var result = Run(Tiny());
        foreach (var (metric, values) in Table)
            for (int y = 0; y < 3; y++)
            {
                var s = result.Series.Single(x => x.Entity == entity && x.Metric == metric && x.Year == 2025 + y);
                Assert.Equal(1, s.Count);
                // The table is printed to 10 significant digits: 1e-9 relative is its own precision.
                Assert.True(Math.Abs(s.Mean!.Value - values[y]) <= 1e-9 * Math.Max(1, Math.Abs(values[y])),
                    $"{entity} {metric} {2025 + y}: {s.Mean} vs {values[y]}");
                Assert.Equal(s.Mean, s.P50);
                Assert.Null(s.StdDev);
            }
    }

    [Fact]
    public void Benchmark_and_milestones_match_the_spec()
    {
        var result = Run(Tiny());
        var benchmark = result.Series.Where(s => s.Entity == "benchmark").Select(s => s.Mean!.Value).ToArray();
        Assert.Equal([100, 95, 90.25], benchmark.Select(b => Math.Round(b, 9)));
        MilestoneResult M(string name) => result.Milestones.Single(m => m.Entity == "route:sulfide" && m.Milestone == name);
        Assert.Equal(2025, M("firstOutput").P50);
        Assert.Equal(2027, M("massProduction").P50);
        Assert.Null(M("costThreshold").P10);
        Assert.Null(M("parity").P10);
        Assert.Equal(0.0, M("parity").ProbabilityByEnd);
        Assert.Equal([0.0, 0.0, 1.0], M("massProduction").ProbabilityByYear.Select(p => p.Probability));
    }

    internal static BatchResult Run(Scenario s, long trials = 1, int chunk = 1024, ulong seed = 1)
    {
        var model = new CompiledModel(s);
        return ResultBuilder.Build(model, BatchRunner.Run(model, seed, trials, chunk), (long)seed);
    }
}
