using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Tests.Process;

/// <summary>
/// Model-spec-v2 §7: the worked example (<c>tiny-v2.yaml</c>, copied from the spec), every printed number reproduced to
/// 1e−9 (relative where the number is large, absolute where it is near zero). One trial: every value is fixed.
/// </summary>
public sealed class WorkedExampleV2Tests
{
    private const double Tolerance = 1e-9;

    internal static string Folder
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "tests", "Engine.Tests", "Process");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("tests/Engine.Tests/Process above " + AppContext.BaseDirectory);
        }
    }

    internal static Scenario Load() => ScenarioLoader.LoadFile(Path.Combine(Folder, "tiny-v2.yaml"));

    private static readonly Lazy<BatchResult> Base = new(() => Run(Load()));
    private static readonly Lazy<BatchResult> Early = new(() => Run(Load().Member("early-sinter")));

    private static BatchResult Run(Scenario s)
    {
        var model = new CompiledModel(s);
        return ResultBuilder.Build(model, BatchRunner.Run(model, 42, 1, chunkSize: 1, threads: 1), 42);
    }

    private static void Near(double expected, double? actual, string what)
    {
        Assert.True(actual.HasValue, $"{what}: expected {expected}, got null");
        double scale = Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(actual!.Value - expected) <= Tolerance * scale, $"{what}: expected {expected}, got {actual:R}");
    }

    private static double? Series(BatchResult r, string entity, string metric, int year) =>
        r.Series.Single(s => s.Entity == entity && s.Metric == metric && s.Year == year).Mean;

    private static double? Step(BatchResult r, string entity, string step, string metric, int year) =>
        r.Steps!.Single(s => s.Entity == entity && s.Step == step && s.Metric == metric && s.Year == year).Mean;

    // The plant tables of §7: metric, then 2025..2028 (null: undefined).
    private static readonly (string Plant, string Metric, double?[] Values)[] PlantTable =
    [
        ("p1", "capacityGWh", [0, 2, 2, 4]),
        ("p1", "utilization", [null, 0.4379245929, 0.6627625757, 0.7781982451]),
        ("p1", "yield", [null, 0.5488, 0.6712129809, 0.775287122]),
        ("p1", "outputGWh", [0, 0.4806660331, 0.8897096882, 2.413308311]),
        ("p1", "materialsUsdPerKWh", [null, 142.9610787, 111.6819232, 90.209779]),
        ("p1", "energyUsdPerKWh", [null, 3.99016035, 3.404538216, 2.944854268]),
        ("p1", "laborUsdPerKWh", [null, 9.172740525, 6.596760432, 4.624391217]),
        ("p1", "capitalUsdPerKWh", [null, 109.1368568, 58.96123277, 43.47424635]),
        ("p1", "fixedUsdPerKWh", [null, 30.29130206, 16.36488867, 12.06642345]),
        ("p1", "costUsdPerKWh", [null, 290.5521384, 192.0093433, 148.3196943]),
        ("p2", "capacityGWh", [0, 0, 3, 3]),
        ("p2", "utilization", [null, null, 0.4379245929, 0.6627625757]),
        ("p2", "yield", [null, null, 0.5488, 0.6916942274]),
        ("p2", "outputGWh", [0, 0, 0.7209990497, 1.375287143]),
        ("p2", "materialsUsdPerKWh", [null, null, 129.9693031, 98.29796139]),
        ("p2", "energyUsdPerKWh", [null, null, 3.831430191, 3.212259994]),
        ("p2", "laborUsdPerKWh", [null, null, 7.62303449, 5.002766721]),
        ("p2", "capitalUsdPerKWh", [null, null, 95.97334775, 50.31436007]),
        ("p2", "fixedUsdPerKWh", [null, null, 27.64145555, 14.49112884]),
        ("p2", "costUsdPerKWh", [null, null, 260.0385711, 166.318477]),
    ];

    public static IEnumerable<object[]> PlantRows() => PlantTable.Select((_, i) => new object[] { i });

    [Theory]
    [MemberData(nameof(PlantRows))]
    public void Plant_tables(int row)
    {
        var (plant, metric, values) = PlantTable[row];
        for (int y = 0; y < 4; y++)
        {
            var actual = Series(Base.Value, "plant:" + plant, metric, 2025 + y);
            if (values[y] is { } v) Near(v, actual, $"{plant} {metric} {2025 + y}");
            else Assert.Null(actual);
        }
    }

    // The waterfall of p1 (§7), 2026..2028; 2025 is undefined.
    private static readonly (string Step, string Metric, double[] Values)[] Waterfall =
    [
        ("powder", "stepMaterialsUsdPerKWh", [77.25947522, 53.93280161, 37.82293256]),
        ("powder", "stepEnergyUsdPerKWh", [0.3644314869, 0.2979680156, 0.2579689438]),
        ("powder", "stepLaborUsdPerKWh", [2.186588921, 1.526609021, 1.052395863]),
        ("powder", "stepCapitalUsdPerKWh", [21.82737136, 11.79224655, 8.694849271]),
        ("powder", "stepFixedUsdPerKWh", [4.393903156, 2.373808028, 1.750294391]),
        ("powder", "stepCostUsdPerKWh", [106.0317701, 69.92343323, 49.57844103]),
        ("sintering", "stepMaterialsUsdPerKWh", [4.085714286, 2.852129365, 1.370760167]),
        ("sintering", "stepEnergyUsdPerKWh", [0.5535714286, 0.4526134158, 0.279495019]),
        ("sintering", "stepLaborUsdPerKWh", [2.142857143, 1.324729739, 0.7662587804]),
        ("sintering", "stepCapitalUsdPerKWh", [32.74105704, 17.68836983, 13.04227391]),
        ("sintering", "stepFixedUsdPerKWh", [6.590854734, 3.560712041, 2.625441586]),
        ("sintering", "stepCostUsdPerKWh", [46.11405463, 25.87855439, 18.08422946]),
        ("assembly", "stepMaterialsUsdPerKWh", [39.75, 37.01891126, 35.53794964]),
        ("assembly", "stepEnergyUsdPerKWh", [1.25, 1.164116706, 1.117545586]),
        ("assembly", "stepLaborUsdPerKWh", [3.75, 2.982117161, 2.279538642]),
        ("assembly", "stepCapitalUsdPerKWh", [43.65474272, 23.58449311, 17.38969854]),
        ("assembly", "stepFixedUsdPerKWh", [17.10959259, 9.243464592, 6.815540279]),
        ("assembly", "stepCostUsdPerKWh", [105.5143353, 73.99310283, 63.14027269]),
        ("other", "stepMaterialsUsdPerKWh", [21.86588921, 17.87808094, 15.47813663]),
        ("other", "stepEnergyUsdPerKWh", [1.822157434, 1.489840078, 1.289844719]),
        ("other", "stepLaborUsdPerKWh", [1.093294461, 0.7633045107, 0.5261979316]),
        ("other", "stepCapitalUsdPerKWh", [10.91368568, 5.896123277, 4.347424635]),
        ("other", "stepFixedUsdPerKWh", [2.196951578, 1.186904014, 0.8751471954]),
        ("other", "stepCostUsdPerKWh", [37.89197836, 27.21425282, 22.51675111]),
        ("sintering", "stepYield", [0.7, 0.7973165762, 0.8841007155]),
    ];

    public static IEnumerable<object[]> WaterfallRows() => Waterfall.Select((_, i) => new object[] { i });

    [Theory]
    [MemberData(nameof(WaterfallRows))]
    public void Waterfall_of_p1(int row)
    {
        var (step, metric, values) = Waterfall[row];
        Assert.Null(Step(Base.Value, "plant:p1", step, metric, 2025));
        for (int y = 0; y < 3; y++) Near(values[y], Step(Base.Value, "plant:p1", step, metric, 2026 + y), $"p1 {step} {metric} {2026 + y}");
    }

    [Fact]
    public void Route_costs_outputs_waterfall_and_benchmark()
    {
        var r = Base.Value;
        double[] cost = [290.5521384, 222.4611608, 154.8533807], output = [0.4806660331, 1.610708738, 3.788595454];
        for (int y = 0; y < 3; y++)
        {
            Near(cost[y], Series(r, "route:oxide", "costUsdPerKWh", 2026 + y), $"route cost {2026 + y}");
            Near(output[y], Series(r, "route:oxide", "outputGWh", 2026 + y), $"route output {2026 + y}");
        }
        Assert.Null(Series(r, "route:oxide", "costUsdPerKWh", 2025));
        foreach (var (step, value) in new[] { ("powder", 51.99245345), ("sintering", 18.73280499), ("assembly", 65.50405876), ("other", 23.62406346) })
            Near(value, Step(r, "route:oxide", step, "stepCostUsdPerKWh", 2028), $"route waterfall {step} 2028");
        double[] benchmark = [100, 95, 90.25, 85.7375];
        for (int y = 0; y < 4; y++) Near(benchmark[y], Series(r, "benchmark", "costUsdPerKWh", 2025 + y), $"benchmark {2025 + y}");
        // Σ stepCost − subsidy = cost (2026, the spec's sum).
        double sum = new[] { "powder", "sintering", "assembly", "other" }.Sum(s => Step(r, "plant:p1", s, "stepCostUsdPerKWh", 2026)!.Value) - 5;
        Near(290.5521384, sum, "waterfall sum 2026");
    }

    [Fact]
    public void Option_series_and_milestones()
    {
        var r = Base.Value;
        double[] capacity = [0, 0, 3, 7], output = [0, 0, 0.7209990497, 3.788595454];
        for (int y = 0; y < 4; y++)
        {
            Near(capacity[y], Series(r, "option:low-temp-sintering", "adoptedCapacityGWh", 2025 + y), "adopted capacity");
            Near(output[y], Series(r, "option:low-temp-sintering", "adoptedOutputGWh", 2025 + y), "adopted output");
        }
        int? Reached(BatchResult doc, string entity, string milestone) =>
            doc.Milestones.Single(m => m.Entity == entity && m.Milestone == milestone).P50;
        Assert.Equal(2026, Reached(r, "route:oxide", "firstOutput"));
        Assert.Equal(2028, Reached(r, "route:oxide", "massProduction"));
        Assert.Null(Reached(r, "route:oxide", "costThreshold"));
        Assert.Null(Reached(r, "route:oxide", "parity"));
        Assert.Equal(2026, Reached(r, "route:oxide", "processReady"));
        Assert.Equal(2027, Reached(r, "option:low-temp-sintering", "processReady"));
        Assert.Equal(2027, Reached(r, "option:low-temp-sintering", "adopted"));
        Assert.Equal(2026, Reached(Early.Value, "option:low-temp-sintering", "adopted"));
        // Milestone rows: v1's, then the route's readiness, then the option's readiness and adoption.
        Assert.Equal(["firstOutput", "costThreshold", "parity", "massProduction", "processReady", "processReady", "adopted"],
            r.Milestones.Select(m => m.Milestone));
    }

    [Fact]
    public void Member_early_sinter_route_costs()
    {
        double[] cost = [289.107694, 218.815151, 154.7527576];
        for (int y = 0; y < 3; y++)
            Near(cost[y], Series(Early.Value, "route:oxide", "costUsdPerKWh", 2026 + y), $"early-sinter route cost {2026 + y}");
    }
}
