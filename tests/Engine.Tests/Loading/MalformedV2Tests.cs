using ScenarioGrid.Engine.Loading;
using static ScenarioGrid.Engine.Tests.Loading.LoaderTestSupport;

namespace ScenarioGrid.Engine.Tests.Loading;

/// <summary>
/// Malformed model-v2 files (model-spec-v2 §2.4 bounds, §2.5 rules 1–10, §11.1 locations): each case changes one thing
/// in <see cref="TinyV2"/> (the worked example of §7, line numbers noted there) and names the error it must produce:
/// path, 1-based line and column counted by hand, and a fragment of the rule.
/// </summary>
public class MalformedV2Tests
{
    /// <summary>tests/Engine.Tests/Process/tiny-v2.yaml, verbatim. Lines 24–46 route chain, 48/50 plants p1/p2,
    /// 52–59 option low-temp-sintering (effects 0–2 on lines 57–59), 63 the strategy's set entry, 65–66 comparisons.</summary>
    private const string TinyV2 = """
        id: tiny-v2
        name: Tiny v2 deterministic check
        horizon: {start: 2025, end: 2028}
        targets: {costThresholdUsdPerKWh: 150, massProductionGWh: 3}
        benchmark: {name: Li-ion cell, startUsdPerKWh: 100, annualChange: -0.05}
        globals: {lithiumPriceIndex: 1.2}
        regions:
          R1: {electricityUsdPerKWh: 0.1, laborUsdPerHour: 20, capexMultiplier: 1.1, wacc: 0.08, depreciationYears: 10,
               fixedOpexRate: 0.03, utilizationMax: 0.9, subsidyUsdPerKWh: 5}
        routes:
          oxide:
            materials:
              cathode:     {kgPerKWh: 1.5, usdPerKg: 20, lithiumShare: 0.3}
              electrolyte: {kgPerKWh: 0.5, usdPerKg: 80, lithiumShare: 0.3, learningRate: 0.2, floorUsdPerKg: 20}
              other:       {usdPerKWh: 12}
            processEnergyKWhPerKWh: 20
            laborHoursPerKWh: 0.3
            capexUsdPerKWhYear: 160
            capexFloorUsdPerKWhYear: 50
            dryRoomUsdPerKWhYear: 2
            learning: {processRate: 0.15, cumulativeGWh0: 0.5}
            yield: {initial: 0.8, mature: 0.95, timeConstantYears: 2}
            rampTimeConstantYears: 1.5
            process:
              steps:
                powder:
                  inputs: [electrolyte]
                  energyKWhPerKWh: 2
                  capexShare: 0.2
                  laborShare: 0.2
                  yield: {initial: 0.98, mature: 0.98, timeConstantYears: 0}
                sintering:
                  thermal: {chargeKgPerKWh: 2, temperatureC: 1150, holdHours: 6, holdKWPerKg: 0.05}
                  capexShare: 0.3
                  laborShare: 0.2
                  learningRate: 0.25
                  yield: {initial: 0.7, mature: 0.9, timeConstantYears: 1.5}
                  losses: {electrolyte: {extra: 0.02, lithiumExcess: 0.1}}
                  readyYear: 2026
                assembly:
                  inputs: [cathode]
                  atmosphere: {class: dryRoom, dewPointC: -50}
                  atmosphereShare: 1
                  energyShare: 0.5
                  capexShare: 0.4
                  laborShare: 0.5
        plants:
          p1: {route: oxide, region: R1, announcedSopYear: 2025, sopDelayYears: 0,
               capacity: [{year: 2025, gwh: 2}, {year: 2027, gwh: 4}]}
          p2: {route: oxide, region: R1, announcedSopYear: 2026, sopDelayYears: 1, capacity: [{year: 2026, gwh: 3}]}
        options:
          low-temp-sintering:
            routes: [oxide]
            readyYear: 2027
            adoption: retrofit
            effects:
              - {target: process.steps.sintering.thermal.temperatureC, set: 750}
              - {target: process.steps.sintering.yield.mature, add: 0.05}
              - {target: process.steps.sintering.losses.electrolyte.lithiumExcess, multiply: 0.5}
        strategies:
          early-sinter:
            set:
              options.low-temp-sintering.readyYear: 2026
        strategyComparisons:
          - {a: early-sinter, b: base, entity: route:oxide, metric: costUsdPerKWh}
          - {a: early-sinter, b: base, entity: plant:p1, metric: stepCostUsdPerKWh, step: sintering}

        """;

    private const string Steps = "routes.oxide.process.steps";
    private const string Option = "options.low-temp-sintering";
    private const string ThirdEffect = "{target: process.steps.sintering.losses.electrolyte.lithiumExcess, multiply: 0.5}";  // line 59, column 9

    private static string V2(string find, string replace) => Mutate(TinyV2, find, replace);

    /// <summary>Plant p2 (line 50) with more keys; its written part ends at column 109.</summary>
    private static string P2(string keys) => V2("capacity: [{year: 2026, gwh: 3}]}", "capacity: [{year: 2026, gwh: 3}], " + keys + "}");

    /// <summary>The option's third effect (line 59) replaced; <paramref name="sop"/> makes the option a sop one.</summary>
    private static string Effect(string effect, bool sop = false) =>
        Mutate(sop ? V2("adoption: retrofit", "adoption: sop") : TinyV2, ThirdEffect, effect);

    public static TheoryData<string, string, string, int, int, string> Cases => new()
    {
        // --- rule 1: unknown keys, wrong types, unknown references; v2 keys only where §2 places them ------------------
        { "unknown step key", V2("          energyKWhPerKWh: 2\n", "          speedKWhPerKWh: 2\n"),
            $"{Steps}.powder.speedKWhPerKWh", 28, 11, "unknown key 'speedKWhPerKWh' (allowed: name, inputs, capexShare," },
        { "unknown option key", V2("    adoption: retrofit", "    adopt: retrofit"),
            $"{Option}.adopt", 55, 5, "unknown key 'adopt' (allowed: name, description, routes, regions, plants, readyYear, adoption, effects)" },
        { "a step key on a plant", V2("sopDelayYears: 1,", "readyYear: 2026,"),
            "plants.p2.readyYear", 50, 58, "unknown key 'readyYear' (allowed: name, route, region, announcedSopYear, sopDelayYears, capacity, overrides, process)" },
        { "inputs not a list", V2("inputs: [electrolyte]", "inputs: electrolyte"),
            $"{Steps}.powder.inputs", 27, 19, "inputs must be a list of material ids, got the string 'electrolyte'" },
        { "option on an unknown route", V2("routes: [oxide]", "routes: [sulfide]"),
            $"{Option}.routes", 53, 14, "unknown route 'sulfide'" },
        { "option in an unknown region", V2("    adoption: retrofit", "    regions: [R2]"),
            $"{Option}.regions", 55, 15, "unknown region 'R2'" },

        // --- rule 2: one form per quantity, the capex floor, atmosphere and dew point ---------------------------------
        { "energy share beside thermal", V2("          learningRate: 0.25\n", "          energyShare: 0.1\n"),
            $"{Steps}.sintering.thermal", 33, 11, "a step gives a quantity in at most one form; found energyShare and thermal" },
        { "capex floor without absolute capex", V2("          capexShare: 0.2\n", "          capexFloorUsdPerKWhYear: 5\n"),
            $"{Steps}.powder.capexFloorUsdPerKWhYear", 29, 11, "capexFloorUsdPerKWhYear is allowed only with capexUsdPerKWhYear" },
        { "atmosphere cost on an ambient step", V2("          capexShare: 0.2\n          laborShare: 0.2\n", "          capexShare: 0.2\n          atmosphereShare: 0.1\n"),
            $"{Steps}.powder.atmosphereShare", 30, 11, "atmosphereShare needs an atmosphere of class dryRoom or inert (this step is ambient)" },
        { "dew point of an inert step", V2("{class: dryRoom, dewPointC: -50}", "{class: inert, dewPointC: -50}"),
            $"{Steps}.assembly.atmosphere.dewPointC", 42, 38, "dewPointC is allowed only for class dryRoom" },
        { "dry room without dew point", V2("{class: dryRoom, dewPointC: -50}", "{class: dryRoom}"),
            $"{Steps}.assembly.atmosphere.dewPointC", 42, 23, "missing required field 'dewPointC' (a dry room needs its dew point)" },

        // --- rule 3: share sums, located at the chain's steps key --------------------------------------------------------
        { "route capex shares above 1", V2("          capexShare: 0.4\n", "          capexShare: {uniform: [0.4, 0.6]}\n"),
            Steps, 25, 7, "capexShare maxima of the chain sum to" },
        { "plant chain capex shares above 1", P2("process: {steps: {press: {capexShare: 0.7}, fire: {capexShare: 0.5}}}"),
            "plants.p2.process.steps", 50, 120, "the capexShare maxima of the chain sum to 1.2 > 1 (press 0.7 + fire 0.5)" },

        // --- rule 4: a material enters once; inputs and losses name the route's materials --------------------------------
        { "material entering twice", V2("inputs: [cathode]", "inputs: [electrolyte]"),
            $"{Steps}.assembly.inputs", 41, 11, "material 'electrolyte' enters the line at step 'powder' already" },
        { "input of another route", V2("inputs: [cathode]", "inputs: [anode]"),
            $"{Steps}.assembly.inputs", 41, 20, "'anode' is not a material of the route" },
        { "losses of another route", V2("losses: {electrolyte:", "losses: {anode:"),
            $"{Steps}.sintering.losses.anode", 38, 20, "losses name a material of the route; 'anode' is not one" },

        // --- rule 5: plant chains and step overrides ---------------------------------------------------------------------
        { "learning rate in a plant's step", P2("process: {steps: {press: {learningRate: 0.2}}}"),
            "plants.p2.process.steps.press.learningRate", 50, 150, "a plant's step may not set learningRate" },
        { "own chain and process overrides", P2("process: {steps: {press: {capexShare: 0.5}}}, overrides: {process.steps.press.capexShare: 0.4}"),
            "plants.p2.overrides.process.steps.press.capexShare", 50, 168, "a plant with its own process may not override process.*" },
        { "override of a step's readiness", P2("overrides: {process.steps.sintering.readyYear: 2027}"),
            "plants.p2.overrides.process.steps.sintering.readyYear", 50, 122, "a step's readyYear cannot be overridden per plant" },
        { "step yield override above the step's mature", P2("overrides: {process.steps.sintering.yield.initial: 0.95}"),
            "plants.p2.overrides.process.steps.sintering.yield.initial", 50, 161,
            "process.steps.sintering.yield.initial support maximum (0.95) must be <= process.steps.sintering.yield.mature support minimum (0.9) for plant 'p2'" },

        // --- rule 6: options on each plant's potential chain ---------------------------------------------------------------
        { "target step not in the chain", V2("steps.sintering.thermal.temperatureC", "steps.firing.thermal.temperatureC"),
            $"{Option}.effects.0", 57, 9, "step 'firing' is not in the potential chain (powder, sintering, assembly) for plant 'p1'" },
        { "option without readiness", V2("    readyYear: 2027\n", "    name: Low-temperature sintering\n"),
            $"{Option}.readyYear", 53, 5, "missing required field 'readyYear' (an option needs its readiness)" },
        { "capex target in a retrofit option", Effect("{target: process.steps.sintering.capexShare, multiply: 0.5}"),
            $"{Option}.effects.2.target", 59, 18, "a retrofit option cannot change capex" },
        { "structural effect in a retrofit option", Effect("{removeStep: powder}"),
            $"{Option}.effects.2.removeStep", 59, 10, "a retrofit option changes operating quantities only: no structural effect" },
        { "share target on a step without it", Effect("{target: process.steps.powder.energyShare, multiply: 0.5}"),
            $"{Option}.effects.2", 59, 9, "step 'powder' gives no energyShare to change" },
        { "step added before a missing step", Effect("{addStep: coating, before: cathode, step: {energyKWhPerKWh: 1}}", sop: true),
            $"{Option}.effects.2", 59, 9, "step 'cathode' is not in the potential chain (powder, sintering, assembly) for plant 'p1'" },
        { "effect with two operations", Effect("{target: process.steps.sintering.thermal.holdHours, multiply: 0.5, add: 1}"),
            $"{Option}.effects.2", 59, 9, "an effect has exactly one of multiply, add and set; found multiply and add" },

        // --- rule 7: effects keep bounds (located at the plant's id, §11.1) -----------------------------------------------
        { "a step yield pushed above 1 (p1 of two)", V2("yield.mature, add: 0.05}", "yield.mature, add: 0.2}"),
            "plants.p1", 48, 3, "process.steps.sintering.yield.mature becomes [1.1, 1.1] with option low-temp-sintering; it must be > 0 and <= 1" },
        { "a step yield initial pushed above mature", V2("sintering.yield.mature, add: 0.05}", "sintering.yield.initial, add: 0.25}"),
            "plants.p2", 50, 3, "process.steps.sintering.yield.initial support maximum (0.95) must be <= process.steps.sintering.yield.mature support minimum (0.9)" },
        { "a closed 0 reached by multiply", V2("yield.mature, add: 0.05}", "yield.mature, multiply: {uniform: [0, 1]}}"),
            "plants.p1", 48, 3, "process.steps.sintering.yield.mature becomes [0, 0.9] with option low-temp-sintering; it must be > 0 and <= 1" },
        { "a floor set above the price", Effect("{target: materials.electrolyte.floorUsdPerKg, set: 90}"),
            "plants.p1", 48, 3, "materials.electrolyte.floorUsdPerKg support maximum (90) must be <= materials.electrolyte.usdPerKg support minimum (80)" },
        { "capex multiplied under its floor", Effect("{target: capexUsdPerKWhYear, multiply: 0.25}", sop: true),
            "plants.p2", 50, 3, "capexFloorUsdPerKWhYear becomes [50, 50] and capexUsdPerKWhYear becomes [40, 40] with option low-temp-sintering" },
        { "a defaulted step yield as base", Effect("{target: process.steps.assembly.yield.mature, add: -0.1}"),
            "plants.p1", 48, 3, "process.steps.assembly.yield.initial support maximum (1) must be <= process.steps.assembly.yield.mature support minimum (0.9)" },
        { "an unbounded add", V2("yield.mature, add: 0.05}", "yield.mature, add: {normal: [0, 0.01]}}"),
            "plants.p1", 48, 3, "process.steps.sintering.yield.mature becomes (-inf, inf) with option low-temp-sintering" },

        // --- rules 8 and 10 through a strategy member: located at the set entry, message names the member -----------------
        { "a strategy's readiness out of bounds", V2("readyYear: 2026\nstrategyComparisons", "readyYear: 2200\nstrategyComparisons"),
            $"{Option}.readyYear", 63, 45, "[strategy early-sinter] must be >= 1990 and <= 2100" },
        { "a strategy's readyBy in the wrong order", V2("readyYear: 2026\nstrategyComparisons", "readyYear: {readyBy: {2027: 0.5, 2026: 0.9}}\nstrategyComparisons"),
            $"{Option}.readyYear", 63, 45, "[strategy early-sinter] readyBy years must be listed in strictly ascending order" },

        // --- rule 9: strategy comparisons and step comparisons -------------------------------------------------------------
        { "step metric without a step", V2("metric: stepCostUsdPerKWh, step: sintering}", "metric: stepCostUsdPerKWh}"),
            "strategyComparisons.1.step", 66, 5, "the step metric stepCostUsdPerKWh needs the step it is about" },
        { "a step on a non-step metric", V2("metric: costUsdPerKWh}", "metric: costUsdPerKWh, step: sintering}"),
            "strategyComparisons.0.step", 65, 82, "only a step metric takes a step (costUsdPerKWh is not one)" },
        { "stepYield of a route", V2("metric: costUsdPerKWh}", "metric: stepYield, step: sintering}"),
            "strategyComparisons.0.entity", 65, 40, "stepYield is not reported for 'route:oxide'" },
        { "unknown member", V2("{a: early-sinter, b: base, entity: route:oxide", "{a: late, b: base, entity: route:oxide"),
            "strategyComparisons.0.a", 65, 9, "unknown strategy 'late' (members: base, early-sinter)" },
        { "a member compared with itself", V2("{a: early-sinter, b: base, entity: route:oxide", "{a: base, b: base, entity: route:oxide"),
            "strategyComparisons.0.b", 65, 18, "a strategy comparison needs two different members" },
        { "step comparison of a region", TinyV2 + "comparisons:\n  - {a: region:R1, b: route:oxide, metric: stepCostUsdPerKWh, step: sintering}\n",
            "comparisons.0.a", 68, 9, "step metrics are reported for route: and plant: entities only, not 'region:R1'" },

        // --- rule 10: readyBy for readyYear only, in its own form -------------------------------------------------------------
        { "readyBy for a yield", V2("{initial: 0.7, mature: 0.9,", "{initial: {readyBy: {2025: 0.5}}, mature: 0.9,"),
            $"{Steps}.sintering.yield.initial", 37, 29, "readyBy is allowed for readyYear only" },
        { "readyBy as an effect's value", V2("temperatureC, set: 750}", "temperatureC, set: {readyBy: {2025: 0.5}}}"),
            $"{Option}.effects.0.set", 57, 70, "readyBy is allowed for readyYear only" },
        { "readyBy probability above 1", V2("    readyYear: 2027\n", "    readyYear: {readyBy: {2026: 0.5, 2027: 1.5}}\n"),
            $"{Option}.readyYear", 54, 16, "readyBy probabilities must be > 0 and <= 1" },

        // --- §2.4 bounds, one per class -----------------------------------------------------------------------------------------
        { "share above 1", V2("          capexShare: 0.3\n", "          capexShare: 1.2\n"),
            $"{Steps}.sintering.capexShare", 34, 23, "must be >= 0 and <= 1" },
        { "negative absolute energy", V2("energyKWhPerKWh: 2\n", "energyKWhPerKWh: -2\n"),
            $"{Steps}.powder.energyKWhPerKWh", 28, 28, "must be >= 0" },
        { "step yield above 1", V2("{initial: 0.7, mature: 0.9,", "{initial: 0.7, mature: 1.2,"),
            $"{Steps}.sintering.yield.mature", 37, 41, "must be > 0 and <= 1" },
        { "step yield initial above mature", V2("{initial: 0.7, mature: 0.9,", "{initial: 0.95, mature: 0.9,"),
            $"{Steps}.sintering.yield.initial", 37, 28, "yield.initial support maximum (0.95) must be <= yield.mature support minimum (0.9)" },
        { "step capex floor above its capex", V2("          capexShare: 0.2\n", "          capexUsdPerKWhYear: 5\n          capexFloorUsdPerKWhYear: 8\n"),
            $"{Steps}.powder.capexFloorUsdPerKWhYear", 30, 36, "capexFloorUsdPerKWhYear support maximum (8) must be <= capexUsdPerKWhYear support minimum (5)" },
        { "learning rate of 1", V2("learningRate: 0.25", "learningRate: 1"),
            $"{Steps}.sintering.learningRate", 36, 25, "must be >= 0 and < 1" },
        { "kiln above 2000 °C", V2("temperatureC: 1150", "temperatureC: 2500"),
            $"{Steps}.sintering.thermal.temperatureC", 33, 54, "must be >= 25 and <= 2000" },
        { "kiln efficiency 0", V2("holdKWPerKg: 0.05}", "holdKWPerKg: 0.05, efficiency: 0}"),
            $"{Steps}.sintering.thermal.efficiency", 33, 105, "must be > 0 and <= 1" },
        { "specific heat 0", V2("holdKWPerKg: 0.05}", "holdKWPerKg: 0.05, specificHeatKJPerKgK: 0}"),
            $"{Steps}.sintering.thermal.specificHeatKJPerKgK", 33, 115, "must be > 0" },
        { "negative loss", V2("{extra: 0.02,", "{extra: -0.02,"),
            $"{Steps}.sintering.losses.electrolyte.extra", 38, 41, "must be >= 0" },
        { "dew point below -100", V2("dewPointC: -50}", "dewPointC: -120}"),
            $"{Steps}.assembly.atmosphere.dewPointC", 42, 51, "must be >= -100 and < 0" },
        { "unknown atmosphere class", V2("{class: dryRoom, dewPointC: -50}", "{class: vacuum, dewPointC: -50}"),
            $"{Steps}.assembly.atmosphere.class", 42, 31, "unknown atmosphere class 'vacuum' (ambient, dryRoom or inert)" },
        { "step readiness after 2100", V2("          readyYear: 2026", "          readyYear: 2101"),
            $"{Steps}.sintering.readyYear", 39, 22, "must be >= 1990 and <= 2100" },
        { "negative multiplier", Effect("{target: process.steps.sintering.thermal.holdHours, multiply: -0.5}"),
            $"{Option}.effects.2.multiply", 59, 71, "must be >= 0" },
        { "set outside the target's bounds", V2("temperatureC, set: 750}", "temperatureC, set: 3000}"),
            $"{Option}.effects.0.set", 57, 69, "must be >= 25 and <= 2000" },
        { "infinite add", V2("add: 0.05}", "add: .inf}"),
            $"{Option}.effects.1.add", 58, 61, "must be a finite number" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_v2_file_reports_the_rule_path_and_position(string name, string yaml, string path, int line, int column, string rule)
    {
        var errors = Errors(yaml);
        var e = Single(errors, path, line, column, rule);
        // A rule-7 error is reported for each plant (§11.1); any other error once.
        bool perPlant = path is "plants.p1" or "plants.p2";
        Assert.True(perPlant ? errors.All(x => x.Path is "plants.p1" or "plants.p2") : errors.Count == 1,
            $"{name}: expected exactly one error, got:\n{string.Join("\n", errors)}");
        Assert.Contains(e.ToString(), new ScenarioValidationException(errors).Message);
    }

    [Fact]
    public void The_worked_example_is_valid() => Load(TinyV2);

    [Fact]
    public void Effect_bounds_error_names_plant_key_options_and_interval()
    {
        var errors = Errors(V2("yield.mature, add: 0.05}", "yield.mature, add: 0.2}"));
        Assert.Equal([("plants.p1", 48, 3), ("plants.p2", 50, 3)], errors.Select(e => (e.Path, e.Line, e.Column)));
        Assert.Equal("test.yaml:48:3: plants.p1: p1 — process.steps.sintering.yield.mature becomes [1.1, 1.1] with option "
            + "low-temp-sintering; it must be > 0 and <= 1 (effects keep bounds for every subset of the options in scope, "
            + "model-spec-v2 §2.5 rule 7)", errors[0].ToString());
    }

    [Fact]
    public void Effect_bounds_use_the_plant_override_as_base()
    {
        // p2's own mature 0.97 + 0.05 leaves (0, 1]; p1's route value 0.9 + 0.05 does not.
        var errors = Errors(P2("overrides: {process.steps.sintering.yield.mature: 0.97}"));
        var e = Assert.Single(errors);
        Assert.Equal(("plants.p2", 50, 3), (e.Path, e.Line, e.Column));
        Assert.Contains("process.steps.sintering.yield.mature becomes [1.02", e.Rule);
    }

    [Fact]
    public void Effect_bounds_check_every_subset_and_name_the_violating_one()
    {
        // Each option alone keeps mature within (0, 1] (0.95, 0.98); both together give 1.03.
        string yaml = V2(ThirdEffect + "\n", ThirdEffect + "\n" + """
              extra-yield:
                routes: [oxide]
                readyYear: 2028
                effects:
                  - {target: process.steps.sintering.yield.mature, add: 0.08}

            """);
        var errors = Errors(yaml);
        Assert.Equal(["plants.p1", "plants.p2"], errors.Select(e => e.Path));
        Assert.Contains("process.steps.sintering.yield.mature becomes [1.03, 1.03] with options low-temp-sintering + extra-yield;",
            errors[0].Rule);
    }

    [Fact]
    public void At_most_eight_options_touch_one_key_of_one_plant()
    {
        string Options(int n) => string.Concat(Enumerable.Range(1, n).Select(i =>
            $"  o{i}: {{routes: [oxide], plants: [p1], readyYear: 2027,\n"
            + "       effects: [{target: process.steps.sintering.thermal.holdHours, multiply: 1}]}\n"));
        Load(V2("options:\n", "options:\n" + Options(8)));
        var errors = Errors(V2("options:\n", "options:\n" + Options(9)));
        var e = Assert.Single(errors);
        Assert.Equal(("plants.p1", 48, 3), (e.Path, e.Line, e.Column));
        Assert.Contains("9 options touch process.steps.sintering.thermal.holdHours (options o1 + o2 + o3 + o4 + o5 + o6 + o7 + o8 + o9); "
            + "at most 8 may touch one key of one plant", e.Rule);
    }

    [Fact]
    public void All_errors_of_a_v2_file_are_reported_at_once()
    {
        string yaml = Mutate(Mutate(V2("          capexShare: 0.3\n", "          capexShare: 1.2\n"),
            "    adoption: retrofit", "    adopt: retrofit"),
            "{a: early-sinter, b: base, entity: route:oxide", "{a: late, b: base, entity: route:oxide");
        var errors = Errors(yaml);
        Assert.Equal(
        [
            ($"{Steps}.sintering.capexShare", 34, 23),
            ($"{Option}.adopt", 55, 5),
            ("strategyComparisons.0.a", 65, 9),
        ], errors.Select(e => (e.Path, e.Line, e.Column)));
    }

    [Fact]
    public void A_strategy_error_is_located_at_its_set_entry_and_names_the_member()
    {
        // The set entry (line 63, column 7) pushes the option's add beyond the step yield's bound in the member only;
        // the rule-7 error of each plant goes to that entry, not to the plant.
        var errors = Errors(V2("      options.low-temp-sintering.readyYear: 2026", "      options.low-temp-sintering.effects.1.add: 0.2"));
        Assert.Equal([("plants.p1", 63, 7), ("plants.p2", 63, 7)], errors.Select(e => (e.Path, e.Line, e.Column)));
        Assert.All(errors, e => Assert.StartsWith("[strategy early-sinter] process.steps.sintering.yield.mature becomes [1.1, 1.1]", e.Rule));
    }

    [Fact]
    public void A_strategy_comparison_needs_the_step_in_each_member()
    {
        // §10.7: checked per member, so a step missing from both is reported for both, each naming its member.
        var errors = Errors(V2("step: sintering}", "step: firing}"));
        Assert.Equal(
        [
            "test.yaml:66:83: strategyComparisons.1.step: firing — [strategy early-sinter] 'plant:p1' (entity) has no step 'firing' in its waterfall",
            "test.yaml:66:83: strategyComparisons.1.step: firing — [strategy base] 'plant:p1' (entity) has no step 'firing' in its waterfall",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_step_comparison_needs_the_step_in_both_waterfalls()
    {
        var errors = Errors(TinyV2 + "comparisons:\n  - {a: route:oxide, b: plant:p1, metric: stepCostUsdPerKWh, step: firing}\n");
        Assert.Equal(
        [
            "test.yaml:68:68: comparisons.0.step: firing — 'route:oxide' (a) has no step 'firing' in its waterfall",
            "test.yaml:68:68: comparisons.0.step: firing — 'plant:p1' (b) has no step 'firing' in its waterfall",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_strategy_may_not_be_named_base_nor_write_the_horizon()
    {
        var named = Errors(V2("  early-sinter:\n", "  base:\n"));
        Single(named, "strategies.base", 61, 3, "a strategy id must match [a-z0-9][a-z0-9-]* and may not be 'base'");
        var horizon = Errors(V2("      options.low-temp-sintering.readyYear: 2026", "      horizon.end: 2030"));
        Single(horizon, "strategies.early-sinter.set.horizon.end", 63, 7, "a strategy's set may not write 'horizon'");
    }

    // --- v1 stays v1 (§0) -------------------------------------------------------------------------------------------------

    private const string V1RouteKeys = "name, family, materials, processEnergyKWhPerKWh, laborHoursPerKWh, capexUsdPerKWhYear, "
        + "capexFloorUsdPerKWhYear, dryRoomUsdPerKWhYear, learning, yield, rampTimeConstantYears";

    [Fact]
    public void A_v1_file_keeps_v1_messages_without_v2_keys()
    {
        // Mini line 35 (laborHoursPerKWh), then an unknown key under the route lists v1's keys only (no `process`).
        var errors = Errors(Mutate("    laborHoursPerKWh: 0.15\n", "    laborHoursPerKWh: 0.15\n    processSteps: 3\n"));
        var e = Single(errors, "routes.sulfide.processSteps", 36, 5, "unknown key");
        Assert.Equal($"unknown key 'processSteps' (allowed: {V1RouteKeys})", e.Rule);
        // `process` under a route's learning (Mini line 40) is no v2 block: v1's message for that map.
        var nested = Errors(Mutate("      cumulativeGWh0: 0.5\n", "      cumulativeGWh0: 0.5\n      process: 1\n"));
        Assert.Equal("unknown key 'process' (allowed: processRate, cumulativeGWh0)", Single(nested, "routes.sulfide.learning.process", 41, 7, "unknown key").Rule);
        Assert.Single(nested);
    }

    [Fact]
    public void A_route_process_makes_the_file_v2()
    {
        // §0: a route `process` is a v2 block whatever its value, so the file is read as v2 and `process` must be a chain.
        var errors = Errors(Mutate("    laborHoursPerKWh: 0.15\n", "    laborHoursPerKWh: 0.15\n    process: 3\n"));
        Single(errors, "routes.sulfide.process", 36, 14, "expected a map, got the number 3");
        Assert.Single(errors);
    }
}
