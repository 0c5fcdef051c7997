using ScenarioGrid.Engine.Loading;
using static ScenarioGrid.Engine.Tests.Loading.LoaderTestSupport;

namespace ScenarioGrid.Engine.Tests.Loading;

/// <summary>
/// Malformed scenarios: each case changes <see cref="LoaderTestSupport.Mini"/> (line numbers noted there) and
/// names the error it must produce: path, 1-based line and column counted by hand, and a fragment of the rule.
/// </summary>
public class MalformedScenarioTests
{
    private const string Capacity = "      - {year: 2029, gwh: 10}\n";       // Mini line 54; line 55 is appended after it

    private static string Append(string lines) => Mini + lines;
    private static string PlantLine(string line) => Mutate(Capacity, Capacity + line + "\n");

    public static TheoryData<string, string, string, int, int, string> Cases => new()
    {
        // --- wrong types -------------------------------------------------------------------------------
        { "list for a number", Mutate("    laborUsdPerHour: 12", "    laborUsdPerHour: [12]"),
            "regions.CN.laborUsdPerHour", 14, 22, "expected a number or a distribution, got a list" },
        { "number for a map", Mutate("horizon:\n  start: 2025\n  end: 2030\n", "horizon: 2025\n"),
            "horizon", 2, 10, "expected a map, got the number 2025" },
        { "NO is a string", Mutate("    fixedOpexRate: 0.04", "    fixedOpexRate: NO"),
            "regions.CN.fixedOpexRate", 18, 20, "expected a number or a distribution, got the string 'NO'" },
        { "quoted number is a string", Mutate("    wacc: 0.07", "    wacc: \"0.07\""),
            "regions.CN.wacc", 16, 11, "(quoted scalars are strings)" },
        { "boolean for a number", Mutate("    wacc: 0.07", "    wacc: true"),
            "regions.CN.wacc", 16, 11, "got the boolean true" },
        { ".inf is a number but not finite", Mutate("    depreciationYears: 10", "    depreciationYears: .inf"),
            "regions.CN.depreciationYears", 17, 24, "must be a finite number" },
        { "distribution on a fixed field", Mutate("      cumulativeGWh0: 0.5", "      cumulativeGWh0: {uniform: [0.4, 0.6]}"),
            "routes.sulfide.learning.cumulativeGWh0", 40, 23, "must be a fixed number (a distribution is not allowed here)" },
        { "year not whole", Mutate("  start: 2025", "  start: 2025.5"),
            "horizon.start", 3, 10, "must be a whole year" },
        { "empty capacity list", Mutate("    capacity:\n      - {year: 2027, gwh: 1}\n" + Capacity, "    capacity: []\n"),
            "plants.p1.capacity", 52, 15, "capacity must be a non-empty list" },

        // --- unknown keys and ids ----------------------------------------------------------------------
        { "unknown key in a region", Mutate("    wacc: 0.07\n", "    wacc: 0.07\n    taxRate: 0.2\n"),
            "regions.CN.taxRate", 17, 5, "unknown key 'taxRate'" },
        { "unknown top-level key", Mutate("id: mini\n", "id: mini\ncolour: red\n"),
            "colour", 2, 1, "unknown key 'colour'" },
        { "unknown key in a distribution", Mutate("{lognormal: [1.0, 0.6]}", "{lognormal: [1.0, 0.6], max: 3}"),
            "plants.p1.sopDelayYears", 51, 44, "unknown key 'max' in a lognormal distribution" },
        { "material id with a dot", Mutate("      other:", "      other.x:"),
            "routes.sulfide.materials.other.x", 32, 7, "a material id must match [A-Za-z0-9][A-Za-z0-9_-]*" },
        { "plant id with a colon", Mutate("  p1:", "  \"p:1\":"),
            "plants.p:1", 47, 3, "a plant id must match [A-Za-z0-9][A-Za-z0-9_-]*" },
        { "scenario id with upper case", Mutate("id: mini", "id: Mini"),
            "id", 1, 5, "a scenario id must match [a-z0-9][a-z0-9-]*" },

        // --- references --------------------------------------------------------------------------------
        { "unknown region", Mutate("    region: CN", "    region: JP"),
            "plants.p1.region", 49, 13, "unknown region 'JP'" },
        { "unknown route", Mutate("    route: sulfide", "    route: oxide"),
            "plants.p1.route", 48, 12, "unknown route 'oxide'" },
        { "set path that does not exist", Mutate("id: mini\n", "id: mini\nset: {routes.oxide.laborHoursPerKWh: 1}\n"),
            "routes.oxide.laborHoursPerKWh", 2, 7, "'routes.oxide' does not exist" },

        // --- required fields ---------------------------------------------------------------------------
        { "missing route field", Mutate("    laborHoursPerKWh: 0.15\n", ""),
            "routes.sulfide.laborHoursPerKWh", 22, 5, "missing required field 'laborHoursPerKWh'" },
        { "missing targets", Mutate("targets:\n  costThresholdUsdPerKWh: 100\n  massProductionGWh: 10\n", ""),
            "targets", 1, 1, "missing required field 'targets'" },
        { "mass-priced material without a price", Mutate("        usdPerKg: 22\n", ""),
            "routes.sulfide.materials.cathode.usdPerKg", 24, 9, "missing required field 'usdPerKg'" },
        { "no plants", Mini[..Mini.IndexOf("plants:", StringComparison.Ordinal)] + "plants: {}\n",
            "plants", 46, 9, "at least one plant is required" },
        { "flat material with a learning rate", Mutate("        usdPerKWh: 12\n", "        usdPerKWh: 12\n        learningRate: 0.1\n"),
            "routes.sulfide.materials.other.learningRate", 34, 9, "a flat material (usdPerKWh) cannot have learningRate" },

        // --- bounds and cross-field rules --------------------------------------------------------------
        { "unbounded normal for wacc", Mutate("    wacc: 0.07", "    wacc: {normal: [0.05, 0.01]}"),
            "regions.CN.wacc", 16, 11, "the whole support must be >= 0 and < 1, but this normal has support (-inf, inf)" },
        { "utilizationMax 1.2", Mutate("    utilizationMax: 0.85", "    utilizationMax: 1.2"),
            "regions.CN.utilizationMax", 19, 21, "must be > 0 and <= 1" },
        { "floor above price", Mutate("        floorUsdPerKg: 30", "        floorUsdPerKg: {uniform: [100, 130]}"),
            "routes.sulfide.materials.electrolyte.floorUsdPerKg", 31, 24,
            "floorUsdPerKg support maximum (130) must be <= usdPerKg support minimum (120)" },
        { "capex floor above capex", Mutate("    capexFloorUsdPerKWhYear: 40", "    capexFloorUsdPerKWhYear: 95"),
            "routes.sulfide.capexFloorUsdPerKWhYear", 37, 30,
            "capexFloorUsdPerKWhYear support maximum (95) must be <= capexUsdPerKWhYear support minimum (90)" },
        { "yield initial above mature in the route", Mutate("{uniform: [0.5, 0.7]}", "{uniform: [0.5, 0.95]}"),
            "routes.sulfide.yield.initial", 42, 16, "yield.initial support maximum (0.95) must be <= yield.mature support minimum (0.92)" },
        { "yield initial above mature only via an override", PlantLine("    overrides: {yield.initial: 0.95}"),
            "plants.p1.overrides.yield.initial", 55, 32,
            "yield.initial support maximum (0.95) must be <= yield.mature support minimum (0.92) for plant 'p1'" },
        { "horizon of 65 years", Mutate("  end: 2030", "  end: 2090"),
            "horizon.end", 4, 8, "the horizon must be shorter than 60 years" },
        { "non-increasing capacity years", Mutate(Capacity, "      - {year: 2027, gwh: 10}\n"),
            "plants.p1.capacity.1.year", 54, 16, "capacity years must be strictly increasing (the previous entry is 2027)" },

        // --- distribution forms ------------------------------------------------------------------------
        { "wrong arity", Mutate("{triangular: [120, 195, 260]}", "{triangular: [120, 260]}"),
            "routes.sulfide.materials.electrolyte.usdPerKg", 29, 32, "triangular needs a list of exactly 3 numbers [a, m, b]" },
        { "discrete summing to 0.9", Mutate("{lognormal: [1.0, 0.6]}", "{discrete: {0: 0.5, 1: 0.4}}"),
            "plants.p1.sopDelayYears", 51, 20, "discrete probabilities must sum to 1" },
        { "discrete key not a number", Mutate("{lognormal: [1.0, 0.6]}", "{discrete: {a: 0.5, 1: 0.5}}"),
            "plants.p1.sopDelayYears", 51, 32, "discrete values (the keys) must be finite numbers" },
        { "invalid metalog", Mutate("{lognormal: [1.0, 0.6]}", "{percentiles: [1, 1.1, 5], lowerBound: 0}"),
            "plants.p1.sopDelayYears", 51, 20, "percentiles must give a valid metalog" },
        { "uniform a > b", Mutate("{uniform: [0.5, 0.7]}", "{uniform: [0.7, 0.5]}"),
            "routes.sulfide.yield.initial", 42, 16, "uniform needs a <= b" },
        { "normal min >= max", Mutate("    wacc: 0.07", "    wacc: {normal: [0.05, 0.01], min: 0.1, max: 0.02}"),
            "regions.CN.wacc", 16, 11, "normal needs min < max" },
        { "negative sigmaLog", Mutate("{lognormal: [1.0, 0.6]}", "{lognormal: [1.0, -0.5]}"),
            "plants.p1.sopDelayYears", 51, 20, "lognormal needs sigmaLog >= 0" },
        { "two distribution forms", Mutate("{uniform: [0.5, 0.7]}", "{uniform: [0.5, 0.7], pert: [0.5, 0.6, 0.7]}"),
            "routes.sulfide.yield.initial", 42, 38, "exactly one distribution form is allowed, found uniform and pert" },
        { "map without a form", Mutate("{uniform: [0.5, 0.7]}", "{beta: [2, 3]}"),
            "routes.sulfide.yield.initial", 42, 16, "expected a number or exactly one distribution form" },

        // --- overrides ---------------------------------------------------------------------------------
        { "override of learning.processRate", PlantLine("    overrides: {learning.processRate: 0.1}"),
            "plants.p1.overrides.learning.processRate", 55, 17, "learning parameters cannot be overridden" },
        { "override of a missing material", PlantLine("    overrides: {materials.anode.usdPerKg: 50}"),
            "plants.p1.overrides.materials.anode.usdPerKg", 55, 17, "material 'anode' does not exist in route 'sulfide'" },
        { "override of a material's learning rate (nested)", PlantLine("    overrides: {materials: {electrolyte: {learningRate: 0.1}}}"),
            "plants.p1.overrides.materials.electrolyte.learningRate", 55, 43, "a material's learningRate cannot be overridden" },
        { "override of a flat material's usdPerKg", PlantLine("    overrides: {materials.other.usdPerKg: 5}"),
            "plants.p1.overrides.materials.other.usdPerKg", 55, 17, "material 'other' is flat (usdPerKWh)" },
        { "override of a route name", PlantLine("    overrides: {name: x}"),
            "plants.p1.overrides.name", 55, 17, "'name' is not an overridable route parameter" },
        { "override written twice in both spellings", PlantLine("    overrides: {yield.initial: 0.6, yield: {initial: 0.65}}"),
            "plants.p1.overrides.yield.initial", 55, 45, "override 'yield.initial' is written twice (first at line 55, column 17)" },

        // --- correlations ------------------------------------------------------------------------------
        { "non-positive-definite correlations", Append("""
            correlations:
              - {between: [routes.sulfide.capexUsdPerKWhYear, routes.sulfide.learning.processRate], rho: 0.9}
              - {between: [routes.sulfide.capexUsdPerKWhYear, routes.sulfide.yield.initial], rho: 0.9}
              - {between: [routes.sulfide.learning.processRate, routes.sulfide.yield.initial], rho: -0.9}

            """),
            "correlations", 56, 3,
            "the correlation matrix of routes.sulfide.capexUsdPerKWhYear, routes.sulfide.learning.processRate, "
            + "routes.sulfide.yield.initial is not positive definite" },
        { "correlation on a fixed parameter", Append("correlations:\n  - {between: [regions.CN.wacc, routes.sulfide.capexUsdPerKWhYear], rho: 0.5}\n"),
            "correlations.0.between.0", 56, 16, "correlated parameters must be uncertain, but 'regions.CN.wacc' is fixed" },
        { "rho of 1", Append("correlations:\n  - {between: [routes.sulfide.capexUsdPerKWhYear, plants.p1.sopDelayYears], rho: 1}\n"),
            "correlations.0.rho", 56, 82, "must be > -1 and < 1" },
        { "same pair twice in either order", Append("""
            correlations:
              - {between: [routes.sulfide.capexUsdPerKWhYear, plants.p1.sopDelayYears], rho: 0.3}
              - {between: [plants.p1.sopDelayYears, routes.sulfide.capexUsdPerKWhYear], rho: 0.2}

            """),
            "correlations.1.between", 57, 15, "is already correlated at correlations.0" },
        { "a pair naming one path twice", Append("correlations:\n  - {between: [plants.p1.sopDelayYears, plants.p1.sopDelayYears], rho: 0.3}\n"),
            "correlations.0.between.1", 56, 41, "a correlation pair must name two different parameters" },
        { "unknown parameter path", Append("correlations:\n  - {between: [plants.p1.sopDelay, plants.p1.sopDelayYears], rho: 0.3}\n"),
            "correlations.0.between.0", 56, 16, "unknown parameter path 'plants.p1.sopDelay'" },

        // --- comparisons -------------------------------------------------------------------------------
        { "unknown metric", Append("comparisons:\n  - {a: route:sulfide, b: world, metric: price}\n"),
            "comparisons.0.metric", 56, 42, "unknown metric 'price'" },
        { "benchmark with a non-cost metric", Append("comparisons:\n  - {a: route:sulfide, b: benchmark, metric: yield}\n"),
            "comparisons.0.b", 56, 27, "benchmark may be a side only with metric costUsdPerKWh" },
        { "unknown entity", Append("comparisons:\n  - {a: route:oxide, b: world, metric: yield}\n"),
            "comparisons.0.a", 56, 9, "unknown entity 'route:oxide'" },

        // --- YAML level --------------------------------------------------------------------------------
        { "duplicate key", Mutate("    wacc: 0.07\n", "    wacc: 0.07\n    wacc: 0.08\n"),
            "regions.CN.wacc", 17, 5, "duplicate key 'wacc' (first at line 16, column 5)" },
        { "bad YAML syntax", Mutate("    wacc: 0.07", "    wacc: 0.07: 1"),
            "", 16, 15, "invalid YAML" },
        { "alias", Mutate("    wacc: 0.07", "    wacc: *rate"),
            "regions.CN.wacc", 16, 11, "aliases are not supported" },
        { "two documents", Append("---\nid: other\n"),
            "", 55, 1, "a scenario file holds exactly one YAML document" },
        { "empty file", "",
            "", 1, 1, "a scenario file must be a map" },
        { "unsupported tag", Mutate("    wacc: 0.07", "    wacc: !secret 0.07"),
            "regions.CN.wacc", 16, 11, "unsupported tag '!secret'" },
        { "extends itself", Mutate("id: mini\n", "id: mini\nextends: mini\n"),
            "extends", 2, 10, "extends cycle: mini -> mini" },
        { "unknown parent", Mutate("id: mini\n", "id: mini\nextends: nowhere\n"),
            "extends", 2, 10, "unknown parent scenario 'nowhere'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_file_reports_the_rule_path_and_position(string name, string yaml, string path, int line, int column, string rule)
    {
        var errors = Errors(yaml);
        var e = Single(errors, path, line, column, rule);
        Assert.True(errors.Count == 1, $"{name}: expected exactly one error, got:\n{string.Join("\n", errors)}");
        Assert.Contains(e.ToString(), new ScenarioValidationException(errors).Message);
    }

    [Fact]
    public void Several_errors_in_one_file_are_all_reported_in_order()
    {
        string yaml = Mutate(Mutate(Mutate(Mutate("    wacc: 0.07", "    wacc: 1.5"),
            "    utilizationMax: 0.85", "    utilizationMax: 1.2"),
            "    region: CN", "    region: JP"),
            "  start: 2025", "  start: \"2025\"");
        var errors = Errors(yaml);
        Assert.Equal(
        [
            ("horizon.start", 3, 10),
            ("regions.CN.wacc", 16, 11),
            ("regions.CN.utilizationMax", 19, 21),
            ("plants.p1.region", 49, 13),
        ], errors.Select(e => (e.Path, e.Line, e.Column)));
        Assert.Contains("must be >= 0 and < 1", errors[1].Rule);
        Assert.Equal("1.5", errors[1].Value);
        Assert.Equal("test.yaml:16:11: regions.CN.wacc: 1.5 — must be >= 0 and < 1", errors[1].ToString());
    }

    [Fact]
    public void Cycle_in_extends_names_the_chain()
    {
        const string a = "id: a\nextends: b\n";
        const string b = "id: b\nextends: c\n";
        const string c = "id: c\nextends: a\n";
        var errors = Errors(a, ("b", b), ("c", c));
        var e = Single(errors, "extends", 2, 10, "extends cycle: a -> b -> c -> a", "c.yaml");
        Assert.Equal("a", e.Value);
        Assert.Single(errors);
    }

    [Fact]
    public void Errors_of_ancestors_are_reported_with_their_file()
    {
        // A duplicate key in the parent and a missing field in the child's own region.
        string parent = Mutate("    wacc: 0.07\n", "    wacc: 0.07\n    wacc: 0.08\n");
        const string child = "id: child\nextends: mini\nregions:\n  KR: {wacc: 0.05}\n";
        var errors = Errors(child, ("mini", parent));
        Single(errors, "regions.CN.wacc", 17, 5, "duplicate key", "mini.yaml");
        Single(errors, "regions.KR.electricityUsdPerKWh", 4, 7, "missing required field", "test.yaml");
        Assert.Equal("test.yaml", errors[0].File);
    }

    [Fact]
    public void Missing_field_values_print_as_missing()
    {
        var errors = Errors(Mutate("    laborHoursPerKWh: 0.15\n", ""));
        Assert.Null(errors[0].Value);
        Assert.Equal("test.yaml:22:5: routes.sulfide.laborHoursPerKWh: (missing) — missing required field 'laborHoursPerKWh'",
            errors[0].ToString());
    }

    // --- nothing but ScenarioValidationException, whatever the input ------------------------------------

    [Theory]
    [InlineData("a: [1, 2\nb: 3")]                 // YamlDotNet throws InvalidOperationException here
    [InlineData("id: x\nregions: {CN: [")]
    [InlineData("\t- x")]
    [InlineData("? [a, b]\n: c")]                  // complex key
    [InlineData("- 1\n- 2")]                       // a list, not a map
    [InlineData("id: x\nset: [1]")]
    [InlineData("id: x\nset: {'': 1}")]
    [InlineData("id: x\nset: {plants.p.capacity.x: 1}")]
    [InlineData("id: x\nextends: [a]")]
    [InlineData("%YAML 1.2\n---\nid: x\n")]
    [InlineData("id: &a x\nname: *a")]
    [InlineData("\uFEFFid: x")]
    [InlineData("id: x\nhorizon: {start: 1e400, end: -1e400}")]
    [InlineData("id: x\nhorizon: {start: 0x7FFFFFFFFFFFFFFFFFFFF, end: 0o777777777777777777777777}")]
    public void Odd_inputs_only_raise_validation_errors(string yaml) => Errors(yaml);

    [Fact]
    public void Deep_nesting_and_huge_inputs_are_rejected_cleanly()
    {
        var deep = Errors("id: x\nglobals: " + new string('[', 5000) + new string(']', 5000) + "\n");
        Assert.Contains(deep, e => e.Rule.Contains("nests deeper than 64 levels"));
        var deepMaps = Errors("id: x\nglobals: " + string.Concat(Enumerable.Repeat("{a: ", 3000)) + "1" + new string('}', 3000));
        Assert.Contains(deepMaps, e => e.Rule.Contains("nests deeper"));
        var huge = Errors("id: x\ndescription: " + new string('x', 5_000_000));
        Assert.Contains(huge, e => e.Rule.Contains("too large"));
        var wide = Errors("id: x\nglobals: [" + string.Join(",", Enumerable.Repeat("1", 250_000)) + "]");
        Assert.Contains(wide, e => e.Rule.Contains("too many YAML nodes"));
    }

    [Fact]
    public void Every_prefix_of_a_valid_file_loads_or_fails_cleanly()
    {
        for (int n = 0; n < Full.Length; n += 3)
        {
            var ex = Record.Exception(() => Load(Full[..n]));
            Assert.True(ex is null or ScenarioValidationException, $"prefix {n}: {ex}");
        }
    }

    [Fact]
    public void Random_edits_of_a_valid_file_load_or_fail_cleanly()
    {
        var random = new System.Random(20261125);
        const string alphabet = "{}[]:,-'\"&*!|>#%@`?. \n\t0123456789eE+aZ~";
        for (int i = 0; i < 1500; i++)
        {
            var chars = Full.ToCharArray().ToList();
            for (int k = random.Next(1, 4); k > 0; k--)
            {
                int at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: chars.RemoveAt(at); break;
                    default: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                }
            }
            string text = new(chars.ToArray());
            var ex = Record.Exception(() => Load(text));
            Assert.True(ex is null or ScenarioValidationException, $"edit {i}: {ex}\n{text}");
        }
    }
}
