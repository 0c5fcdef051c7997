using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Tests.Loading;

/// <summary>Scenario texts and helpers shared by the loader tests.</summary>
internal static class LoaderTestSupport
{
    /// <summary>
    /// A small valid scenario written one field per line so that lines and columns can be counted by hand.
    /// Line numbers (1-based) are noted where the malformed cases rely on them.
    /// </summary>
    public const string Mini = """
        id: mini
        horizon:
          start: 2025
          end: 2030
        targets:
          costThresholdUsdPerKWh: 100
          massProductionGWh: 10
        benchmark:
          startUsdPerKWh: 95
          annualChange: -0.05
        regions:
          CN:
            electricityUsdPerKWh: 0.08
            laborUsdPerHour: 12
            capexMultiplier: 1.0
            wacc: 0.07
            depreciationYears: 10
            fixedOpexRate: 0.04
            utilizationMax: 0.85
        routes:
          sulfide:
            materials:
              cathode:
                kgPerKWh: 1.5
                usdPerKg: 22
                lithiumShare: 0.3
              electrolyte:
                kgPerKWh: 0.6
                usdPerKg: {triangular: [120, 195, 260]}
                learningRate: 0.25
                floorUsdPerKg: 30
              other:
                usdPerKWh: 12
            processEnergyKWhPerKWh: 20
            laborHoursPerKWh: 0.15
            capexUsdPerKWhYear: {triangular: [90, 120, 180]}
            capexFloorUsdPerKWhYear: 40
            learning:
              processRate: {triangular: [0.12, 0.19, 0.26]}
              cumulativeGWh0: 0.5
            yield:
              initial: {uniform: [0.5, 0.7]}
              mature: 0.92
              timeConstantYears: 2
            rampTimeConstantYears: 1.5
        plants:
          p1:
            route: sulfide
            region: CN
            announcedSopYear: 2027
            sopDelayYears: {lognormal: [1.0, 0.6]}
            capacity:
              - {year: 2027, gwh: 1}
              - {year: 2029, gwh: 10}

        """;

    /// <summary>The spec's section 2 excerpt, completed with region JP and route oxide (no extends).</summary>
    public const string Full = """
        id: baseline                      # [a-z0-9][a-z0-9-]*
        name: Baseline 2025-2030
        description: free text
        set:                              # applies to the file itself (no extends)
          routes.sulfide.materials.electrolyte.usdPerKg: {triangular: [30, 45, 80]}
        horizon: {start: 2025, end: 2030}
        targets: {costThresholdUsdPerKWh: 100, massProductionGWh: 10}
        benchmark: {name: Li-ion NMC cell, startUsdPerKWh: 95, annualChange: -0.05}
        globals: {lithiumPriceIndex: {lognormal: [1.0, 0.3]}}
        correlations:
          - {between: [routes.sulfide.learning.processRate, routes.oxide.learning.processRate], rho: 0.5}
        regions:
          CN: {name: China, electricityUsdPerKWh: 0.08, laborUsdPerHour: 12, capexMultiplier: 1.0,
               wacc: 0.07, depreciationYears: 10, fixedOpexRate: 0.04, utilizationMax: 0.85, subsidyUsdPerKWh: 0}
          JP: {name: Japan, electricityUsdPerKWh: 0.17, laborUsdPerHour: 30, capexMultiplier: 1.15,
               wacc: {triangular: [0.03, 0.05, 0.07]}, depreciationYears: 10, fixedOpexRate: 0.04,
               utilizationMax: 0.85}
        routes:
          sulfide:
            name: Sulfide (argyrodite Li6PS5Cl)
            family: sulfide
            materials:
              cathode:     {kgPerKWh: 1.5, usdPerKg: 22, lithiumShare: 0.3}
              anode:       {kgPerKWh: 0.2, usdPerKg: 90, lithiumShare: 0.9}
              electrolyte: {kgPerKWh: 0.6, usdPerKg: {pert: [120, 195, 260]}, lithiumShare: 0.6,
                            learningRate: 0.25, floorUsdPerKg: 30}
              other:       {usdPerKWh: 12}
            processEnergyKWhPerKWh: 20
            laborHoursPerKWh: 0.15
            capexUsdPerKWhYear: {triangular: [90, 120, 180]}
            capexFloorUsdPerKWhYear: 40
            dryRoomUsdPerKWhYear: 4
            learning: {processRate: {triangular: [0.12, 0.19, 0.26]}, cumulativeGWh0: 0.5}
            yield: {initial: {uniform: [0.5, 0.7]}, mature: 0.92, timeConstantYears: 2}
            rampTimeConstantYears: 1.5
          oxide:
            name: Oxide (LLZO)
            family: oxide
            materials:
              cathode:     {kgPerKWh: 1.6, usdPerKg: 22, lithiumShare: 0.3}
              electrolyte: {kgPerKWh: 0.9, usdPerKg: {normal: [80, 15], min: 40, max: 140}, lithiumShare: 0.4}
              other:       {usdPerKWh: 14, lithiumShare: 0.1}
            processEnergyKWhPerKWh: {percentiles: [25, 35, 50], lowerBound: 10}
            laborHoursPerKWh: 0.2
            capexUsdPerKWhYear: {pert: [110, 150, 220]}
            learning: {processRate: {uniform: [0.1, 0.2]}, cumulativeGWh0: 0.3}
            yield: {initial: {discrete: {0.5: 0.25, 0.6: 0.5, 0.7: 0.25}}, mature: 0.9, timeConstantYears: 2.5}
            rampTimeConstantYears: 2
        plants:
          toyota-idemitsu:
            name: Toyota / Idemitsu
            route: sulfide
            region: JP
            announcedSopYear: 2027
            sopDelayYears: {lognormal: [1.0, 0.6]}
            capacity: [{year: 2027, gwh: 1}, {year: 2029, gwh: 10}]
            overrides: {yield.initial: 0.6}
          oxide-cn:
            route: oxide
            region: CN
            announcedSopYear: 2026
            capacity: [{year: 2026, gwh: 0.5}, {year: 2028, gwh: {uniform: [2, 4]}}]
        comparisons:
          - {a: route:sulfide, b: route:oxide, metric: costUsdPerKWh}
          - {a: plant:toyota-idemitsu, b: benchmark, metric: costUsdPerKWh}

        """;

    /// <summary>The spec's worked example (section 7).</summary>
    public const string Tiny = """
        id: tiny
        name: Tiny deterministic check
        description: All values fixed; the per-year plant cost is computed by hand in test_peer.py.
        horizon: {start: 2025, end: 2027}
        targets: {costThresholdUsdPerKWh: 150, massProductionGWh: 3}
        benchmark: {name: Li-ion NMC cell, startUsdPerKWh: 100, annualChange: -0.05}
        globals: {lithiumPriceIndex: 1.2}
        regions:
          R1: {name: Region one, electricityUsdPerKWh: 0.1, laborUsdPerHour: 20, capexMultiplier: 1.1, wacc: 0.08,
               depreciationYears: 10, fixedOpexRate: 0.03, utilizationMax: 0.9, subsidyUsdPerKWh: 5}
        routes:
          sulfide:
            name: Sulfide
            family: sulfide
            materials:
              cathode:     {kgPerKWh: 1.5, usdPerKg: 20, lithiumShare: 0.3}
              electrolyte: {kgPerKWh: 0.6, usdPerKg: 150, lithiumShare: 0.5, learningRate: 0.2, floorUsdPerKg: 30}
              other:       {usdPerKWh: 12, lithiumShare: 0.1}
            processEnergyKWhPerKWh: 20
            laborHoursPerKWh: 0.2
            capexUsdPerKWhYear: 150
            capexFloorUsdPerKWhYear: 50
            dryRoomUsdPerKWhYear: 4
            learning: {processRate: 0.15, cumulativeGWh0: 0.5}
            yield: {initial: 0.6, mature: 0.9, timeConstantYears: 2}
            rampTimeConstantYears: 1.5
        plants:
          p1:
            name: Plant one
            route: sulfide
            region: R1
            announcedSopYear: 2025
            sopDelayYears: 0
            capacity: [{year: 2025, gwh: 2}, {year: 2026, gwh: 5}]

        """;

    public static Scenario Load(string yaml, params (string Id, string Text)[] parents) =>
        ScenarioLoader.Load(yaml, "test.yaml", Resolver(parents));

    public static Func<string, (string Text, string FileName)?> Resolver(params (string Id, string Text)[] parents) =>
        id => parents.FirstOrDefault(p => p.Id == id) is { Text: not null } p ? (p.Text, p.Id + ".yaml") : null;

    /// <summary>Loads text that must fail, asserting that nothing but <see cref="ScenarioValidationException"/> escapes.</summary>
    public static IReadOnlyList<ValidationError> Errors(string yaml, params (string Id, string Text)[] parents)
    {
        var ex = Record.Exception(() => Load(yaml, parents));
        Assert.NotNull(ex);
        var sve = Assert.IsType<ScenarioValidationException>(ex);
        Assert.NotEmpty(sve.Errors);
        return sve.Errors;
    }

    /// <summary><see cref="Mini"/> with one exact fragment (which must occur once) replaced.</summary>
    public static string Mutate(string find, string replace) => Mutate(Mini, find, replace);

    public static string Mutate(string text, string find, string replace)
    {
        int at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"fragment not found: {find}");
        Assert.True(text.IndexOf(find, at + 1, StringComparison.Ordinal) < 0, $"fragment not unique: {find}");
        return text[..at] + replace + text[(at + find.Length)..];
    }

    /// <summary>Asserts one error with this path, position and rule fragment (and returns it).</summary>
    public static ValidationError Single(IReadOnlyList<ValidationError> errors, string path, int line, int column, string rule,
        string file = "test.yaml")
    {
        var match = errors.Where(e => e.Path == path).ToList();
        Assert.True(match.Count == 1, $"expected one error at {path}, got:\n{string.Join("\n", errors)}");
        var e = match[0];
        Assert.Contains(rule, e.Rule);
        Assert.Equal((file, line, column), (e.File, e.Line, e.Column));
        return e;
    }
}
