using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Tests.Simulation;

/// <summary>
/// A second deterministic scenario, every reported number written out below as arithmetic from the
/// equations of model-spec section 4 and the aggregation rules of section 5 (no engine code involved).
/// </summary>
/// <remarks>
/// Horizon 2024..2027, λ = 1.5.
/// Regions: A (electricity 0.1, labour 25, capex × 1.2, wacc 0.1, depreciation 3 y, fixed opex 5 %,
/// utilisation max 0.8, subsidy 3); Z (0.05, 10, × 0.9, wacc 0 so CRF = 1/n, 4 y, 2 %, 1.0, subsidy 0).
/// Route <c>sulf</c>: cathode 1.2 kg × 25 USD/kg (lithium share 0.4), electrolyte 0.5 kg × 120 USD/kg (share 0.5,
/// learning 20 %, floor 40), flat "other" 10 USD/kWh (share 0.2); 15 kWh/kWh process energy, 0.3 h/kWh labour,
/// capex 200 with floor 60, dry room 5, process learning 18 %, Q0 = 1 GWh, yield 0.5 → 0.9 (τ 2 y), ramp τ 1 y.
/// Route <c>oxide</c>: cathode 1.4 kg × 20 USD/kg, flat "pack" 8 USD/kWh; 25 kWh/kWh, 0.2 h/kWh, capex 150 (floor 0),
/// no dry room, process learning 10 %, Q0 = 2 GWh, yield 0.7 → 0.95 (τ 1.5 y), ramp τ 0 (u = uMax at once).
/// Plants: s1 (sulf, A) SOP 2024 delay 1.4 → D = floor(1.9) = 1, capacity 2 from 2024 and 6 from 2026, both
/// shifted a year; s2 (sulf, A) SOP 2022, capacity 1 from 2022 and 3 from 2025, overrides yield.initial 0.6 and
/// cathode usdPerKg 30 (runs before the horizon, depreciated from age 3 = 2025 on); s3 (sulf, Z) SOP 2025 delay
/// 0.5 → D = floor(1.0) = 1, capacity 4, overrides of the learning electrolyte (price 100, floor 50) and of the flat
/// line's lithium share (0.5); o1 (oxide, Z) SOP 2025, capacity 5 listed from 2024 (inactive before
/// its SOP); o2 (oxide, A) SOP 2029, after the horizon: never active.
/// </remarks>
public class HandComputedScenarioTests
{
    internal static Scenario Hand() => new TestScenario("hand", 2024, 2027)
        .Targets(costThreshold: 250, massProduction: 4)
        .Benchmark(100, -0.05)
        .Lambda(1.5)
        .Region("A", electricity: 0.1, labor: 25, capexMultiplier: 1.2, wacc: 0.1, depreciationYears: 3, fixedOpexRate: 0.05,
            utilizationMax: 0.8, subsidy: 3)
        .Region("Z", electricity: 0.05, labor: 10, capexMultiplier: 0.9, wacc: 0, depreciationYears: 4, fixedOpexRate: 0.02,
            utilizationMax: 1.0, subsidy: 0)
        .Route("sulf",
            [
                TestMaterial.Mass("cathode", 1.2, 25, share: 0.4),
                TestMaterial.Mass("electrolyte", 0.5, 120, share: 0.5, learningRate: 0.2, floor: 40),
                TestMaterial.Flat("other", 10, share: 0.2),
            ],
            processEnergy: 15, laborHours: 0.3, capex: 200, capexFloor: 60, dryRoom: 5, processRate: 0.18, cumulativeGWh0: 1.0,
            yieldInitial: 0.5, yieldMature: 0.9, yieldTau: 2, rampTau: 1.0)
        .Route("oxide",
            [TestMaterial.Mass("cathode", 1.4, 20), TestMaterial.Flat("pack", 8)],
            processEnergy: 25, laborHours: 0.2, capex: 150, capexFloor: 0, dryRoom: 0, processRate: 0.1, cumulativeGWh0: 2.0,
            yieldInitial: 0.7, yieldMature: 0.95, yieldTau: 1.5, rampTau: 0)
        .Plant("s1", "sulf", "A", 2024, [(2024, 2), (2026, 6)], delay: 1.4)
        .Plant("s2", "sulf", "A", 2022, [(2022, 1), (2025, 3)],
            overrides: [("yield.initial", 0.6), ("materials.cathode.usdPerKg", 30)])
        .Plant("s3", "sulf", "Z", 2025, [(2025, 4)], delay: 0.5,
            overrides: [("materials.electrolyte.usdPerKg", 100), ("materials.electrolyte.floorUsdPerKg", 50), ("materials.other.lithiumShare", 0.5)])
        .Plant("o1", "oxide", "Z", 2025, [(2024, 5)])
        .Plant("o2", "oxide", "A", 2029, [(2029, 10)])
        .Compare("route:sulf", "route:oxide", "costUsdPerKWh")
        .Build();

    /// <summary>One active plant-year: the cost lines of section 4 from their per-kWh numerators.</summary>
    private sealed record PlantYear(double K, double U, double Y, double Materials, double Energy, double Labor,
        double Capital, double Fixed, double Subsidy)
    {
        public double X => K * U;
        public double G => X * Y;
        public double Cost => Materials + Energy + Labor + Capital + Fixed - Subsidy;

        /// <param name="bom">Σ kg·P + Σ flat·(1 − s + sλ), USD per kWh processed</param>
        /// <param name="capitalPerYear">C·CRF, or 0 once depreciated</param>
        /// <param name="fixedPerYear">fixedOpexRate·C + dryRoom</param>
        public static PlantYear Of(double k, double u, double y, double bom, double energyPerKWh, double laborPerKWh,
            double capitalPerYear, double fixedPerYear, double subsidy) =>
            new(k, u, y, bom / y, energyPerKWh / y, laborPerKWh / y, capitalPerYear / (u * y), fixedPerYear / (u * y), subsidy);
    }

    private static readonly string[] Plants = ["s1", "s2", "s3", "o1", "o2"];
    private static readonly int[] Years = [2024, 2025, 2026, 2027];

    /// <summary>The hand computation: plant-years (null when inactive) by plant and year index.</summary>
    private static Dictionary<(string Plant, int Year), PlantYear?> HandPlants(out double[] qSulf, out double[] qOxide)
    {
        const double lambda = 1.5;
        double fCathode = 1 - 0.4 + 0.4 * lambda;   // 1.2
        double fElectrolyte = 1 - 0.5 + 0.5 * lambda; // 1.25
        double fOther = 1 - 0.2 + 0.2 * lambda;     // 1.1
        double bSulf = -Math.Log2(1 - 0.18), bElectrolyte = -Math.Log2(1 - 0.2), bOxide = -Math.Log2(1 - 0.1);
        double crfA = 0.1 * Math.Pow(1.1, 3) / (Math.Pow(1.1, 3) - 1); // CRF(0.1, 3) = 0.4021148036…
        double crfZ = 1.0 / 4;                                          // CRF(0, 4) = 1/n
        double Ramp(double uMax, int age, double tau) => uMax * (1 - Math.Exp(-(age + 1) / tau));
        double Yield(double y0, double yM, int age, double tau) => yM - (yM - y0) * Math.Exp(-age / tau);
        double Electrolyte(double q) => 40 + (120 - 40) * Math.Pow(q / 1.0, -bElectrolyte);
        double SulfBom(double cathodeUsdPerKg, double electrolyteUsdPerKg) =>
            1.2 * cathodeUsdPerKg * fCathode + 0.5 * electrolyteUsdPerKg * fElectrolyte + 10 * fOther;
        // s3's own electrolyte (learning from 100 towards its floor 50) and lithium share 0.5 of the flat line.
        double fOtherS3 = 1 - 0.5 + 0.5 * lambda; // 1.25
        double S3Bom(double q) => 1.2 * 25 * fCathode + 0.5 * (50 + (100 - 50) * Math.Pow(q / 1.0, -bElectrolyte)) * fElectrolyte
            + 10 * fOtherS3;
        const double OxideBom = 1.4 * 20 * 1 + 8 * 1; // no lithium share: 36 USD/kWh processed

        var py = new Dictionary<(string, int), PlantYear?>();
        qSulf = new double[4];
        qOxide = new double[4];

        // ---- 2024 (T0): Q = Q0, L = 1, electrolyte at its start price. Only s2 runs (age 2, 1 GWh).
        qSulf[0] = 1.0;
        qOxide[0] = 2.0;
        double lSulf = 1, lOxide = 1;
        double pE = Electrolyte(qSulf[0]); // 120
        // s2's SOP 2022 is before T0: its capex vintage is at the learning of max(2022, 2024) = 2024.
        double cS2 = 1.2 * (60 + (200 - 60) * lSulf); // 240
        py[("s2", 2024)] = PlantYear.Of(1, Ramp(0.8, 2, 1.0), Yield(0.6, 0.9, 2, 2), SulfBom(30, pE), 15 * 0.1,
            0.3 * lSulf * 25, cS2 * crfA /* age 2 < 3 */, 0.05 * cS2 + 5, 3);
        // s1: D = 1, S = 2025; s3: D = 1, S = 2026; o1: S = 2025 (its 2024 capacity waits for the SOP); o2: S = 2029.
        py[("s1", 2024)] = py[("s3", 2024)] = py[("o1", 2024)] = py[("o2", 2024)] = null;

        // ---- 2025
        qSulf[1] = qSulf[0] + py[("s2", 2024)]!.G;
        qOxide[1] = qOxide[0]; // nothing of oxide ran in 2024
        lSulf = Math.Pow(qSulf[1] / 1.0, -bSulf);
        lOxide = Math.Pow(qOxide[1] / 2.0, -bOxide); // 1
        pE = Electrolyte(qSulf[1]);
        double cS1 = 1.2 * (60 + (200 - 60) * lSulf); // vintage at S = 2025
        py[("s1", 2025)] = PlantYear.Of(2 /* 2024 + D ≤ 2025 */, Ramp(0.8, 0, 1.0), Yield(0.5, 0.9, 0, 2), SulfBom(25, pE),
            15 * 0.1, 0.3 * lSulf * 25, cS1 * crfA, 0.05 * cS1 + 5, 3);
        py[("s2", 2025)] = PlantYear.Of(3, Ramp(0.8, 3, 1.0), Yield(0.6, 0.9, 3, 2), SulfBom(30, pE), 15 * 0.1,
            0.3 * lSulf * 25, 0 /* age 3 ≥ 3 years: depreciated */, 0.05 * cS2 + 5, 3);
        py[("s3", 2025)] = null;
        double cO1 = 0.9 * (0 + (150 - 0) * lOxide); // 135
        py[("o1", 2025)] = PlantYear.Of(5, 1.0 /* τ = 0 */, Yield(0.7, 0.95, 0, 1.5), OxideBom, 25 * 0.05,
            0.2 * lOxide * 10, cO1 * crfZ, 0.02 * cO1 + 0, 0);
        py[("o2", 2025)] = null;

        // ---- 2026
        qSulf[2] = qSulf[1] + py[("s1", 2025)]!.G + py[("s2", 2025)]!.G;
        qOxide[2] = qOxide[1] + py[("o1", 2025)]!.G;
        lSulf = Math.Pow(qSulf[2] / 1.0, -bSulf);
        lOxide = Math.Pow(qOxide[2] / 2.0, -bOxide);
        pE = Electrolyte(qSulf[2]);
        double cS3 = 0.9 * (60 + (200 - 60) * lSulf); // vintage at S = 2026
        py[("s1", 2026)] = PlantYear.Of(2 /* the 6 GWh step waits for 2026 + 1 */, Ramp(0.8, 1, 1.0), Yield(0.5, 0.9, 1, 2),
            SulfBom(25, pE), 15 * 0.1, 0.3 * lSulf * 25, cS1 * crfA, 0.05 * cS1 + 5, 3);
        py[("s2", 2026)] = PlantYear.Of(3, Ramp(0.8, 4, 1.0), Yield(0.6, 0.9, 4, 2), SulfBom(30, pE), 15 * 0.1,
            0.3 * lSulf * 25, 0, 0.05 * cS2 + 5, 3);
        py[("s3", 2026)] = PlantYear.Of(4, Ramp(1.0, 0, 1.0), Yield(0.5, 0.9, 0, 2), S3Bom(qSulf[2]), 15 * 0.05,
            0.3 * lSulf * 10, cS3 * crfZ, 0.02 * cS3 + 5, 0);
        py[("o1", 2026)] = PlantYear.Of(5, 1.0, Yield(0.7, 0.95, 1, 1.5), OxideBom, 25 * 0.05,
            0.2 * lOxide * 10, cO1 * crfZ, 0.02 * cO1, 0);
        py[("o2", 2026)] = null;

        // ---- 2027
        qSulf[3] = qSulf[2] + py[("s1", 2026)]!.G + py[("s2", 2026)]!.G + py[("s3", 2026)]!.G;
        qOxide[3] = qOxide[2] + py[("o1", 2026)]!.G;
        lSulf = Math.Pow(qSulf[3] / 1.0, -bSulf);
        lOxide = Math.Pow(qOxide[3] / 2.0, -bOxide);
        pE = Electrolyte(qSulf[3]);
        py[("s1", 2027)] = PlantYear.Of(6, Ramp(0.8, 2, 1.0), Yield(0.5, 0.9, 2, 2), SulfBom(25, pE), 15 * 0.1,
            0.3 * lSulf * 25, cS1 * crfA /* age 2 < 3 */, 0.05 * cS1 + 5, 3);
        py[("s2", 2027)] = PlantYear.Of(3, Ramp(0.8, 5, 1.0), Yield(0.6, 0.9, 5, 2), SulfBom(30, pE), 15 * 0.1,
            0.3 * lSulf * 25, 0, 0.05 * cS2 + 5, 3);
        py[("s3", 2027)] = PlantYear.Of(4, Ramp(1.0, 1, 1.0), Yield(0.5, 0.9, 1, 2), S3Bom(qSulf[3]), 15 * 0.05,
            0.3 * lSulf * 10, cS3 * crfZ, 0.02 * cS3 + 5, 0);
        py[("o1", 2027)] = PlantYear.Of(5, 1.0, Yield(0.7, 0.95, 2, 1.5), OxideBom, 25 * 0.05,
            0.2 * lOxide * 10, cO1 * crfZ, 0.02 * cO1, 0);
        py[("o2", 2027)] = null;
        return py;
    }

    private static readonly string[] CostMetrics =
        ["costUsdPerKWh", "materialsUsdPerKWh", "energyUsdPerKWh", "laborUsdPerKWh", "capitalUsdPerKWh", "fixedUsdPerKWh", "subsidyUsdPerKWh"];

    private static double[] Components(PlantYear p) => [p.Cost, p.Materials, p.Energy, p.Labor, p.Capital, p.Fixed, p.Subsidy];

    /// <summary>Every (entity, metric, year) value of the scenario by the aggregation rules of section 5; null = undefined.</summary>
    private static Dictionary<(string Entity, string Metric, int Year), double?> Expected()
    {
        var py = HandPlants(out _, out _);
        var expected = new Dictionary<(string, string, int), double?>();
        var groups = new (string Entity, string[] Members)[]
        {
            ("world", Plants), ("route:sulf", ["s1", "s2", "s3"]), ("route:oxide", ["o1", "o2"]),
            ("region:A", ["s1", "s2", "o2"]), ("region:Z", ["s3", "o1"]),
        };
        foreach (var (entity, members) in groups.Concat(Plants.Select(p => ("plant:" + p, new[] { p }))))
        {
            double cumulative = 0;
            foreach (int t in Years)
            {
                var active = members.Select(m => py[(m, t)]).OfType<PlantYear>().ToArray();
                double k = active.Sum(p => p.K), x = active.Sum(p => p.X), g = active.Sum(p => p.G);
                cumulative += g;
                expected[(entity, "capacityGWh", t)] = k;
                expected[(entity, "outputGWh", t)] = g;
                expected[(entity, "cumulativeOutputGWh", t)] = cumulative;
                expected[(entity, "utilization", t)] = k > 0 ? x / k : null;
                expected[(entity, "yield", t)] = g > 0 ? g / x : null;
                for (int c = 0; c < CostMetrics.Length; c++)
                    expected[(entity, CostMetrics[c], t)] = g > 0 ? active.Sum(p => p.G * Components(p)[c]) / g : null;
            }
        }
        for (int i = 0; i < Years.Length; i++)
            expected[("benchmark", "costUsdPerKWh", Years[i])] = 100 * Math.Pow(1 - 0.05, i);
        return expected;
    }

    private static BatchResult Result() => WorkedExampleTests.Run(Hand());

    private static void Close(double expected, double? actual, string what)
    {
        Assert.True(actual is { } a && Math.Abs(a - expected) <= 1e-9 * Math.Abs(expected) + 1e-12,
            $"{what}: engine {actual?.ToString("R") ?? "null"}, hand {expected:R}");
    }

    [Fact]
    public void The_hand_computation_pins_a_few_numbers_by_themselves()
    {
        // Guards the hand computation itself with values from a separate (Python) transcription of the spec.
        var py = HandPlants(out var qSulf, out var qOxide);
        Assert.Equal(240, 1.2 * (60 + 140 * 1.0));
        Assert.Equal(0.600257998227288, py[("s2", 2024)]!.G, 12);
        Assert.Equal(1.600257998227288, qSulf[1], 12);
        Assert.Equal(4.0686814254192925, qSulf[2], 12);
        Assert.Equal(8.291055697685708, qSulf[3], 12);
        Assert.Equal([2.0, 2.0, 5.5], qOxide[..3]);
        Assert.Equal(9.608228601209259, qOxide[3], 12);
        Assert.Equal(361.115256, Math.Round(py[("s2", 2024)]!.Cost, 6));
        Assert.Equal(654.147249, Math.Round(py[("s1", 2025)]!.Cost, 6));
        Assert.Equal(338.770033, Math.Round(py[("s3", 2026)]!.Cost, 6));
        Assert.Equal(223.499193, Math.Round(py[("s3", 2027)]!.Cost, 6));
        Assert.Equal(85.143597, Math.Round(py[("o1", 2027)]!.Cost, 6));
    }

    [Fact]
    public void Every_series_matches_the_hand_computation()
    {
        var result = Result();
        var expected = Expected();
        int checkedValues = 0;
        foreach (var s in result.Series)
        {
            Assert.True(expected.TryGetValue((s.Entity, s.Metric, s.Year), out var e), $"unexpected series {s.Entity} {s.Metric} {s.Year}");
            string what = $"{s.Entity} {s.Metric} {s.Year}";
            if (e is null)
            {
                Assert.True(s.Count == 0, what + " should be undefined");
                Assert.Null(s.Mean);
                Assert.Null(s.P50);
                continue;
            }
            Assert.True(s.Count == 1, what + " should be defined");
            Close(e.Value, s.Mean, what);
            Assert.Equal(s.Mean, s.Min);
            Assert.Equal(s.Mean, s.P5);
            Assert.Equal(s.Mean, s.P95);
            checkedValues++;
        }
        // Every expected key appears (5 plants + 2 routes + 2 regions + world: 12 metrics; benchmark: 1; 4 years).
        Assert.Equal(expected.Count, result.Series.Count);
        Assert.Equal(10 * 12 * 4 + 4, result.Series.Count);
        Assert.True(checkedValues > 250);
    }

    /// <summary>The same scenario as a file (nested override form for s2's yield, flat for its cathode price).</summary>
    internal const string HandYaml = """
        id: hand
        name: Hand-computed check
        horizon: {start: 2024, end: 2027}
        targets: {costThresholdUsdPerKWh: 250, massProductionGWh: 4}
        benchmark: {startUsdPerKWh: 100, annualChange: -0.05}
        globals: {lithiumPriceIndex: 1.5}
        regions:
          A: {electricityUsdPerKWh: 0.1, laborUsdPerHour: 25, capexMultiplier: 1.2, wacc: 0.1, depreciationYears: 3,
              fixedOpexRate: 0.05, utilizationMax: 0.8, subsidyUsdPerKWh: 3}
          Z: {electricityUsdPerKWh: 0.05, laborUsdPerHour: 10, capexMultiplier: 0.9, wacc: 0, depreciationYears: 4,
              fixedOpexRate: 0.02, utilizationMax: 1.0}
        routes:
          sulf:
            family: sulfide
            materials:
              cathode:     {kgPerKWh: 1.2, usdPerKg: 25, lithiumShare: 0.4}
              electrolyte: {kgPerKWh: 0.5, usdPerKg: 120, lithiumShare: 0.5, learningRate: 0.2, floorUsdPerKg: 40}
              other:       {usdPerKWh: 10, lithiumShare: 0.2}
            processEnergyKWhPerKWh: 15
            laborHoursPerKWh: 0.3
            capexUsdPerKWhYear: 200
            capexFloorUsdPerKWhYear: 60
            dryRoomUsdPerKWhYear: 5
            learning: {processRate: 0.18, cumulativeGWh0: 1.0}
            yield: {initial: 0.5, mature: 0.9, timeConstantYears: 2}
            rampTimeConstantYears: 1.0
          oxide:
            family: oxide
            materials:
              cathode: {kgPerKWh: 1.4, usdPerKg: 20}
              pack:    {usdPerKWh: 8}
            processEnergyKWhPerKWh: 25
            laborHoursPerKWh: 0.2
            capexUsdPerKWhYear: 150
            learning: {processRate: 0.1, cumulativeGWh0: 2.0}
            yield: {initial: 0.7, mature: 0.95, timeConstantYears: 1.5}
            rampTimeConstantYears: 0
        plants:
          s1: {route: sulf, region: A, announcedSopYear: 2024, sopDelayYears: 1.4,
               capacity: [{year: 2024, gwh: 2}, {year: 2026, gwh: 6}]}
          s2: {route: sulf, region: A, announcedSopYear: 2022, capacity: [{year: 2022, gwh: 1}, {year: 2025, gwh: 3}],
               overrides: {yield: {initial: 0.6}, materials.cathode.usdPerKg: 30}}
          s3: {route: sulf, region: Z, announcedSopYear: 2025, sopDelayYears: 0.5, capacity: [{year: 2025, gwh: 4}],
               overrides: {materials: {electrolyte: {usdPerKg: 100, floorUsdPerKg: 50}, other: {lithiumShare: 0.5}}}}
          o1: {route: oxide, region: Z, announcedSopYear: 2025, capacity: [{year: 2024, gwh: 5}]}
          o2: {route: oxide, region: A, announcedSopYear: 2029, capacity: [{year: 2029, gwh: 10}]}
        comparisons:
          - {a: route:sulf, b: route:oxide, metric: costUsdPerKWh}
        """;

    [Fact]
    public void The_scenario_loaded_from_yaml_gives_the_hand_values()
    {
        var loaded = ScenarioLoader.Load(HandYaml, "hand.yaml", _ => null);
        var fromFile = WorkedExampleTests.Run(loaded);
        var expected = Expected();
        foreach (var s in fromFile.Series)
        {
            var e = expected[(s.Entity, s.Metric, s.Year)];
            if (e is null) Assert.True(s.Count == 0, $"{s.Entity} {s.Metric} {s.Year} should be undefined");
            else Close(e.Value, s.Mean, $"yaml {s.Entity} {s.Metric} {s.Year}");
        }
        Assert.Equal(expected.Count, fromFile.Series.Count);
        var inCode = Result();
        Assert.Equal(inCode.Milestones.Select(m => (m.Entity, m.Milestone, m.P50)), fromFile.Milestones.Select(m => (m.Entity, m.Milestone, m.P50)));
    }

    [Fact]
    public void Delay_rounding_shifts_sop_and_the_capacity_schedule()
    {
        var r = Result();
        double? K(string plant, int year) => r.Series("plant:" + plant, "capacityGWh", year).Mean;
        // s1: delay 1.4 → D = floor(1.9) = 1: SOP 2025, the 2026 step of 6 GWh moves to 2027.
        Assert.Equal([0.0, 2, 2, 6], Years.Select(t => K("s1", t)!.Value));
        // s3: delay 0.5 → D = floor(1.0) = 1 (half rounds up): SOP 2026.
        Assert.Equal([0.0, 0, 4, 4], Years.Select(t => K("s3", t)!.Value));
        // o1: capacity listed from 2024, SOP 2025: inactive (capacity 0) in 2024.
        Assert.Equal([0.0, 5, 5, 5], Years.Select(t => K("o1", t)!.Value));
        Assert.Equal(0, r.Series("plant:o1", "utilization", 2024).Count);
    }

    [Fact]
    public void Plant_past_its_depreciation_years_has_zero_capital_but_keeps_fixed_cost()
    {
        var r = Result();
        // s2: SOP 2022, region A depreciates over 3 years: age 2 in 2024 (capital), age ≥ 3 from 2025 (none).
        Assert.True(r.Series("plant:s2", "capitalUsdPerKWh", 2024).Mean > 0);
        foreach (int t in new[] { 2025, 2026, 2027 })
        {
            Assert.Equal(0.0, r.Series("plant:s2", "capitalUsdPerKWh", t).Mean);
            // fixed = (0.05·240 + 5)/(u·y) with the vintage at T0 (learning 1): 17/(u·y)
            var u = r.Series("plant:s2", "utilization", t).Mean!.Value;
            var y = r.Series("plant:s2", "yield", t).Mean!.Value;
            Close(17 / (u * y), r.Series("plant:s2", "fixedUsdPerKWh", t).Mean, $"s2 fixed {t}");
        }
    }

    [Fact]
    public void Active_plant_whose_utilization_underflows_counts_capacity_but_has_no_costs()
    {
        // Plant "stuck": ramp τ = 1e300 makes 1 − exp(−1e−300) = 0 exactly, so u = 0 and G = 0 although K > 0.
        // Plant "ok" in the same route and region: τ = 0, u = 0.9, y = 0.9 (τ 0).
        var scenario = new TestScenario("underflow", 2025, 2025)
            .Region("R")
            .Route("r", [TestMaterial.Mass("m", 1, 10)], yieldTau: 0, rampTau: 0)
            .Plant("stuck", "r", "R", 2025, [(2025, 3)], overrides: [("rampTimeConstantYears", 1e300)])
            .Plant("ok", "r", "R", 2025, [(2025, 1)])
            .Build();
        var r = WorkedExampleTests.Run(scenario);
        Assert.Equal(3.0, r.Series("plant:stuck", "capacityGWh", 2025).Mean);
        Assert.Equal(0.0, r.Series("plant:stuck", "utilization", 2025).Mean);
        Assert.Equal(0.0, r.Series("plant:stuck", "outputGWh", 2025).Mean);
        foreach (var m in CostMetrics.Append("yield")) Assert.Equal(0, r.Series("plant:stuck", m, 2025).Count);
        // The route: K = 3 + 1, X = 0 + 0.9, G = 0.81; utilisation X/K = 0.225, yield G/X = 0.9, cost = ok's.
        Assert.Equal(4.0, r.Series("route:r", "capacityGWh", 2025).Mean);
        Close(0.9 / 4, r.Series("route:r", "utilization", 2025).Mean, "route utilisation");
        Close(0.9, r.Series("route:r", "yield", 2025).Mean, "route yield");
        Close(r.Series("plant:ok", "costUsdPerKWh", 2025).Mean!.Value, r.Series("route:r", "costUsdPerKWh", 2025).Mean, "route cost");
        // Only "ok" produces; the route still reaches firstOutput in 2025.
        Assert.Equal(2025, r.Milestone("route:r", "firstOutput").P50);
    }

    [Fact]
    public void Inactive_plant_reports_zero_capacity_and_output_and_null_costs()
    {
        var r = Result();
        foreach (int t in Years)
        {
            Assert.Equal(0.0, r.Series("plant:o2", "capacityGWh", t).Mean);
            Assert.Equal(0.0, r.Series("plant:o2", "outputGWh", t).Mean);
            Assert.Equal(0.0, r.Series("plant:o2", "cumulativeOutputGWh", t).Mean);
            foreach (var m in CostMetrics.Append("utilization").Append("yield"))
            {
                var s = r.Series("plant:o2", m, t);
                Assert.Equal(0, s.Count);
                Assert.Null(s.Mean);
                Assert.Null(s.StdDev);
                Assert.Null(s.Min);
                Assert.Null(s.P90);
            }
        }
        // It contributes nothing: route:oxide is o1 alone.
        Assert.Equal(r.Series("plant:o1", "costUsdPerKWh", 2027).Mean, r.Series("route:oxide", "costUsdPerKWh", 2027).Mean);
        Assert.Equal(5.0, r.Series("route:oxide", "capacityGWh", 2027).Mean);
    }

    [Fact]
    public void Milestones_are_reached_in_the_hand_computed_years()
    {
        // From the hand table: sulf cost 361.1, 276.6, 263.2, 243.4 and G 0.60, 2.47, 4.22, 7.80;
        // oxide cost –, 108.1, 91.79, 85.14 and G 0, 3.5, 4.11, 4.42; benchmark 100, 95, 90.25, 85.7375.
        var py = HandPlants(out _, out _);
        double Route(int t, params string[] plants)
        {
            var a = plants.Select(p => py[(p, t)]).OfType<PlantYear>().ToArray();
            return a.Sum(p => p.G * p.Cost) / a.Sum(p => p.G);
        }
        Assert.True(Route(2026, "s1", "s2", "s3") > 250 && Route(2027, "s1", "s2", "s3") <= 250);
        Assert.True(Route(2026, "o1") > 90.25 && Route(2027, "o1") <= 100 * 0.95 * 0.95 * 0.95);
        Assert.True(py[("o1", 2025)]!.G < 4 && py[("o1", 2026)]!.G >= 4);

        var r = Result();
        void Expect(string route, string milestone, int? year)
        {
            var m = r.Milestone(route, milestone);
            Assert.Equal(year, m.P10);
            Assert.Equal(year, m.P50);
            Assert.Equal(year, m.P90);
            Assert.Equal(year is null ? 0.0 : 1.0, m.ProbabilityByEnd);
            Assert.Equal(Years.Select(t => year is { } y && t >= y ? 1.0 : 0.0), m.ProbabilityByYear.Select(p => p.Probability));
        }
        Expect("route:sulf", "firstOutput", 2024);
        Expect("route:sulf", "costThreshold", 2027);
        Expect("route:sulf", "parity", null);
        Expect("route:sulf", "massProduction", 2026);
        Expect("route:oxide", "firstOutput", 2025);
        Expect("route:oxide", "costThreshold", 2025);
        Expect("route:oxide", "parity", 2027);
        Expect("route:oxide", "massProduction", 2026);
    }

    [Fact]
    public void Comparison_of_the_routes_is_defined_once_both_produce()
    {
        var r = Result();
        var expected = Expected();
        var c2024 = r.Comparison("route:sulf", "route:oxide", "costUsdPerKWh", 2024);
        Assert.Equal(0, c2024.Count);
        Assert.Null(c2024.ProbabilityALessThanB);
        Assert.Null(c2024.DeltaMean);
        foreach (int t in new[] { 2025, 2026, 2027 })
        {
            var c = r.Comparison("route:sulf", "route:oxide", "costUsdPerKWh", t);
            double delta = expected[("route:sulf", "costUsdPerKWh", t)]!.Value - expected[("route:oxide", "costUsdPerKWh", t)]!.Value;
            Assert.Equal(1, c.Count);
            Assert.Equal(0.0, c.ProbabilityALessThanB); // sulfide is dearer every year
            Close(delta, c.DeltaMean, $"delta {t}");
            Close(delta, c.DeltaP50, $"delta p50 {t}");
        }
    }

    [Fact]
    public void Several_identical_trials_give_the_same_values_and_zero_spread()
    {
        var one = Result();
        var many = WorkedExampleTests.Run(Hand(), trials: 5, chunk: 2);
        foreach (var s in many.Series.Where(s => s.Count > 0))
        {
            var o = one.Series(s.Entity, s.Metric, s.Year);
            Assert.Equal(5, s.Count);
            Assert.Equal(o.Min, s.Min);
            Assert.Equal(o.Max, s.Max);
            Assert.Equal(o.P50, s.P50);
            Assert.True(s.StdDev <= 1e-12 * Math.Max(1, Math.Abs(s.Mean!.Value)), $"{s.Entity} {s.Metric} {s.Year} stdDev {s.StdDev}");
        }
    }
}
