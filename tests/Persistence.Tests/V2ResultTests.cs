using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>
/// Model v2 documents (model-spec-v2 §6) through the result tables: a single run with its step series and member name,
/// and a strategy set with its members and cross-member comparisons. The expected documents come from the engine run
/// in this process; what is read back must equal them field by field (doubles bit for bit) and serialise to the same
/// JSON bytes.
/// </summary>
public abstract class V2ResultTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly TempDatabase _db = new(provider);
    private BatchStore Batches => new(_db.Database);
    private ResultQueries Results => new(_db.Database);

    private static string ScenarioFile(string name) => Path.Combine(AppContext.BaseDirectory, "scenarios", name);

    // The shipped strategy set (the baseline's chains and options, four strategies) at a few trials, and the v2 worked
    // example's file: computed once for the class.
    private static readonly Lazy<Engine.Model.Scenario> Strategies = new(() => ScenarioLoader.LoadFile(ScenarioFile("strategies.yaml")));
    private static readonly Lazy<Engine.Model.Scenario> Tiny = new(() => ScenarioLoader.LoadFile(ScenarioFile("tiny-v2.yaml")));

    private static BatchResult RunSingle(Engine.Model.Scenario scenario, long trials, ulong seed)
    {
        var model = new CompiledModel(scenario);
        return ResultBuilder.Build(model, BatchRunner.Run(model, seed, trials, chunkSize: 64, threads: 1), (long)seed);
    }

    private static SetResult RunSet(Engine.Model.Scenario scenario, long trials, ulong seed)
    {
        var set = new StrategySet(scenario);
        return set.Build(set.Run(seed, trials, chunkSize: 64, threads: 1), (long)seed);
    }

    private static readonly Lazy<BatchResult> Member = new(() => RunSingle(Strategies.Value.Member("lts-2027"), 96, 11));
    private static readonly Lazy<SetResult> Set = new(() => RunSet(Strategies.Value, 48, 5));

    public async Task InitializeAsync()
    {
        await TestData.Seed(_db.Database, "single", "set", "v1");
        foreach (string id in new[] { "single", "set", "v1" }) await Batches.Start(id);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The batch's final save: Completed, with a single run's or a set's document.</summary>
    private async Task Complete(string batchId, BatchResult? result = null, SetResult? set = null)
    {
        var b = (await Batches.Load(batchId))!;
        Assert.True(await Batches.Save(b with { Status = BatchStatus.Completed, TrialsDone = b.Trials, FinishedAt = TestData.T0.AddMinutes(5) },
            result: result, setResult: set));
    }

    [Fact]
    public async Task A_v2_member_document_reads_back_equal_to_the_engines_steps_included()
    {
        var expected = Member.Value;
        Assert.Equal("lts-2027", expected.Strategy);
        Assert.NotEmpty(expected.Steps!);
        Assert.Contains(expected.Series, s => s.Entity.StartsWith("option:", StringComparison.Ordinal));
        Assert.Contains(expected.Milestones, m => m.Milestone is "processReady" or "adopted");
        await Complete("single", expected);

        var stored = Results.Document("single");
        ResultAssert.Equal(expected, stored);
        Assert.Equal(ResultJson.ToJson(expected), ResultJson.ToJson(stored!));
        Assert.Null(Results.SetDocument("single"));
        Assert.Empty(Results.Members("single"));
    }

    [Fact]
    public async Task Step_slices_filter_by_entity_step_metric_and_years_in_saved_order()
    {
        var steps = Member.Value.Steps!;
        await Complete("single", Member.Value);

        ResultAssert.Equal(steps, Results.Steps("single"));
        var (entity, step) = (steps[^1].Entity, steps[^1].Step);
        ResultAssert.Equal([.. steps.Where(s => s.Entity == entity)], Results.Steps("single", entity));
        ResultAssert.Equal([.. steps.Where(s => s.Entity == entity && s.Step == step)], Results.Steps("single", entity, step));
        ResultAssert.Equal([.. steps.Where(s => s.Entity == entity && s.Step == step && s.Metric == "stepCostUsdPerKWh" && s.Year is 2030 or 2025)],
            Results.Steps("single", entity, step, "stepCostUsdPerKWh", [2030, 2025]));
        ResultAssert.Equal([.. steps.Where(s => s.Step == "other" && s.Metric == "stepYield")], Results.Steps("single", step: "other", metric: "stepYield"));
        ResultAssert.Equal([.. steps.Where(s => s.Metric == "stepEnergyUsdPerKWh")], Results.Steps("single", metric: "stepEnergyUsdPerKWh"));
        Assert.Empty(Results.Steps("single", years: []));
        Assert.Empty(Results.Steps("single", "nobody"));
        Assert.Empty(Results.Steps("single", member: "lts-2027")); // a single document's rows belong to no set member
    }

    [Fact]
    public async Task A_strategy_set_document_reads_back_equal_to_the_engines()
    {
        var expected = Set.Value;
        Assert.Equal(["base", "cn-sulfide-push", "jp-alliance", "euus-venture", "lts-2027"], expected.Members.Select(m => m.Strategy));
        Assert.NotEmpty(expected.StrategyComparisons);
        await Complete("set", set: expected);

        var stored = Results.SetDocument("set");
        ResultAssert.Equal(expected, stored);
        Assert.Equal(ResultJson.ToJson(expected), ResultJson.ToJson(stored!));
        Assert.Null(Results.Document("set"));
        Assert.Equal(expected.Members.Select(m => m.Strategy), Results.Members("set"));
    }

    [Fact]
    public async Task A_set_members_slices_are_that_members_rows()
    {
        var expected = Set.Value;
        await Complete("set", set: expected);

        foreach (var m in expected.Members)
        {
            ResultAssert.Equal(m.Series, Results.Series("set", member: m.Strategy));
            ResultAssert.Equal([.. m.Series.Where(s => s.Entity == "route:sulfide" && s.Metric == "costUsdPerKWh" && s.Year == 2030)],
                Results.Series("set", "route:sulfide", "costUsdPerKWh", [2030], m.Strategy));
            ResultAssert.Equal([.. m.Steps.Where(s => s.Entity == "route:oxide")], Results.Steps("set", "route:oxide", member: m.Strategy));
            ResultAssert.Equal([.. m.Milestones.Where(x => x.Entity.StartsWith("option:", StringComparison.Ordinal))],
                [.. Results.Milestones("set", member: m.Strategy).Where(x => x.Entity.StartsWith("option:", StringComparison.Ordinal))]);
            ResultAssert.Equal(m.Comparisons, Results.Comparisons("set", member: m.Strategy));
        }
        Assert.Empty(Results.Series("set")); // the set has no single document's rows
        ResultAssert.Equal([.. expected.StrategyComparisons.Where(c => c.Entity == "route:oxide")], Results.StrategyComparisons("set", "route:oxide"));
        Assert.Empty(Results.StrategyComparisons("single"));
    }

    [Fact]
    public async Task The_worked_examples_set_keeps_its_step_comparison()
    {
        var expected = RunSet(Tiny.Value, 3, 42);
        Assert.Contains(expected.StrategyComparisons, c => c.Step == "sintering");
        await Complete("set", set: expected);
        ResultAssert.Equal(expected, Results.SetDocument("set"));
        Assert.Equal(ResultJson.ToJson(expected), ResultJson.ToJson(Results.SetDocument("set")!));
    }

    /// <summary>A v1 document is stored and read back as before: no steps key, no strategy, byte-identical JSON.</summary>
    [Fact]
    public async Task A_v1_document_reads_back_byte_identical()
    {
        var expected = RunSingle(ScenarioLoader.LoadFile(ScenarioFile("tiny.yaml")), 200, 3);
        Assert.Null(expected.Steps);
        await Complete("v1", expected);
        var stored = Results.Document("v1")!;
        Assert.Null(stored.Steps);
        Assert.Null(stored.Strategy);
        Assert.Equal(ResultJson.ToJson(expected), ResultJson.ToJson(stored));
    }

    /// <summary>The awkward doubles (-0.0, NaN, ±∞, subnormals) survive in steps and strategy comparisons too.</summary>
    [Fact]
    public async Task Awkward_values_in_v2_rows_round_trip_exactly()
    {
        var awkward = ResultTests.Awkward();
        var steps = new List<StepStatistics>
        {
            new("plant:p1", "sintering", "stepCostUsdPerKWh", 2026, 3, -0.0, double.NaN, double.NegativeInfinity, double.Epsilon,
                null, 0.1 + 0.2, -1e-320, 1e300, -0.0, double.PositiveInfinity, 4.9406564584124654e-324),
            new("plant:p1", "other", "stepYield", 2025, 0, null, null, null, null, null, null, null, null, null, null, null),
        };
        var single = awkward with
        {
            Strategy = "base", Steps = steps, Comparisons = [awkward.Comparisons[0] with { Step = "sintering" }, awkward.Comparisons[1]],
        };
        await Complete("single", single);
        ResultAssert.Equal(single, Results.Document("single"));

        var set = new SetResult("tiny-v2", 42, 1, "v2", [2025, 2026],
            [new MemberResult("base", awkward.Series, steps, awkward.Milestones, awkward.Comparisons),
             new MemberResult("early-sinter", [], [], [], [])],
            [new StrategyComparisonResult("early-sinter", "base", "plant:p1", "stepCostUsdPerKWh", "sintering", 2026, 1, double.NaN, -0.0,
                double.Epsilon, null, double.NegativeInfinity),
             new StrategyComparisonResult("early-sinter", "base", "route:oxide", "costUsdPerKWh", null, 2025, 0, null, null, null, null, null)],
            awkward.Provenance);
        await Complete("set", set: set);
        ResultAssert.Equal(set, Results.SetDocument("set"));
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteV2ResultTests() : V2ResultTests(DatabaseProvider.Sqlite);

/// <summary>The tests above on PostgreSQL.</summary>
public sealed class PostgresV2ResultTests() : V2ResultTests(DatabaseProvider.Postgres);
