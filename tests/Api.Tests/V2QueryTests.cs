using System.Text.Json.Nodes;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// One API with three completed model-v2 batches of the shipped strategy set (scenarios/strategies.yaml, stored at
/// first run): the set (strategySet: true), one member (strategy: lts-2027) and the file itself, at a few trials. The
/// v2 fields are checked against the engine run in this process with the same seed and trials.
/// </summary>
public sealed class V2ApiFixture : IAsyncLifetime
{
    public const long Trials = 96;
    public const long Seed = 17;

    public ApiFactory Factory { get; } = new();
    internal GraphQLClient Client { get; private set; } = null!;
    public string SetBatch { get; private set; } = "";
    public string MemberBatch { get; private set; } = "";
    public string FileBatch { get; private set; } = "";

    public static readonly Lazy<Engine.Model.Scenario> File = new(() => ScenarioLoader.LoadFile(TestPaths.Scenario("strategies.yaml")));
    public static readonly Lazy<SetResult> Set = new(() =>
    {
        var set = new StrategySet(File.Value);
        return set.Build(set.Run((ulong)Seed, Trials, 1024, threads: 1), Seed);
    });
    public static readonly Lazy<BatchResult> Member = new(() => Single(File.Value.Member("lts-2027")));
    public static readonly Lazy<BatchResult> FileResult = new(() => Single(File.Value));

    private static BatchResult Single(Engine.Model.Scenario s)
    {
        var model = new CompiledModel(s);
        return ResultBuilder.Build(model, BatchRunner.Run(model, (ulong)Seed, Trials, 1024, threads: 1), Seed);
    }

    public async Task InitializeAsync()
    {
        Client = Factory.Client();
        const string submit = """
            mutation($t: Long!, $seed: Long!) {
              set: submitBatch(scenarioId: "strategies", trials: $t, seed: $seed, strategySet: true) { id strategy strategySet }
              member: submitBatch(scenarioId: "strategies", trials: $t, seed: $seed, strategy: "lts-2027") { id strategy strategySet }
              file: submitBatch(scenarioId: "strategies", trials: $t, seed: $seed) { id strategy strategySet }
            }
            """;
        var r = (await Client.Post(submit, new { t = Trials, seed = Seed })).AssertOk();
        SetBatch = r.Data["set"]!["id"]!.GetValue<string>();
        MemberBatch = r.Data["member"]!["id"]!.GetValue<string>();
        FileBatch = r.Data["file"]!["id"]!.GetValue<string>();
        Assert.True(r.Data["set"]!["strategySet"]!.GetValue<bool>());
        Assert.Equal("lts-2027", r.Data["member"]!["strategy"]!.GetValue<string>());
        Assert.Equal("base", r.Data["file"]!["strategy"]!.GetValue<string>()); // a file with strategies is its base member (§6)
        Assert.Null(r.Data["set"]!["strategy"]);
        foreach (string id in new[] { SetBatch, MemberBatch, FileBatch })
            Assert.Equal("COMPLETED", (await Client.WaitUntilFinished(id, TimeSpan.FromMinutes(3)))["status"]!.GetValue<string>());
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition("api-v2")]
public sealed class V2ApiCollection : ICollectionFixture<V2ApiFixture>;

[Collection("api-v2")]
public sealed class V2QueryTests(V2ApiFixture api)
{
    private GraphQLClient Client => api.Client;

    private const string Statistics = "count mean stdDev min max p5 p10 p25 p50 p75 p90 p95";

    private static void AssertStatistics(long count, double?[] expected, JsonNode actual)
    {
        Assert.Equal(count, actual["count"]!.GetValue<long>());
        string[] names = ["mean", "stdDev", "min", "max", "p5", "p10", "p25", "p50", "p75", "p90", "p95"];
        for (int i = 0; i < names.Length; i++)
            EngineReference.AssertClose(Finite(expected[i]), actual[names[i]]?.GetValue<double>());
    }

    private static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;

    private static void AssertSteps(IReadOnlyList<StepStatistics> expected, JsonArray actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]!);
            Assert.Equal((e.Entity, e.Step, e.Metric, e.Year),
                (a["entity"]!.GetValue<string>(), a["step"]!.GetValue<string>(), a["metric"]!.GetValue<string>(), a["year"]!.GetValue<int>()));
            AssertStatistics(e.Count, [e.Mean, e.StdDev, e.Min, e.Max, e.P5, e.P10, e.P25, e.P50, e.P75, e.P90, e.P95], a);
        }
    }

    private static void AssertSeries(IReadOnlyList<SeriesStatistics> expected, JsonArray actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]!);
            Assert.Equal((e.Entity, e.Metric, e.Year), (a["entity"]!.GetValue<string>(), a["metric"]!.GetValue<string>(), a["year"]!.GetValue<int>()));
            AssertStatistics(e.Count, [e.Mean, e.StdDev, e.Min, e.Max, e.P5, e.P10, e.P25, e.P50, e.P75, e.P90, e.P95], a);
        }
    }

    private static void AssertMilestones(IReadOnlyList<MilestoneResult> expected, JsonArray actual)
    {
        Assert.Equal(expected.Select(m => (m.Entity, m.Milestone, m.ProbabilityByEnd, m.P10, m.P50, m.P90)),
            actual.Select(a => (a!["entity"]!.GetValue<string>(), a["milestone"]!.GetValue<string>(), a["probabilityByEnd"]!.GetValue<double>(),
                a["p10"]?.GetValue<int>(), a["p50"]?.GetValue<int>(), a["p90"]?.GetValue<int>())));
    }

    [Fact]
    public async Task Steps_of_a_member_batch_equal_the_engine_with_filters()
    {
        var steps = V2ApiFixture.Member.Value.Steps!;
        var r = (await Client.Post($$"""
            query($id: ID!) { batch(id: $id) {
              all: steps { entity step metric year {{Statistics}} }
              oxide: steps(entity: "route:oxide", metric: "stepCostUsdPerKWh", years: [2030]) { entity step metric year {{Statistics}} }
              sintering: steps(entity: "route:oxide", step: "sintering") { entity step metric year {{Statistics}} }
              anyOther: steps(step: "other", metric: "stepYield") { entity step metric year {{Statistics}} }
              world: steps(entity: "world") { step }
            } }
            """, new { id = api.MemberBatch })).AssertOk();
        var b = r.Data["batch"]!;
        AssertSteps(steps, b["all"]!.AsArray());
        AssertSteps([.. steps.Where(s => s.Entity == "route:oxide" && s.Metric == "stepCostUsdPerKWh" && s.Year == 2030)], b["oxide"]!.AsArray());
        AssertSteps([.. steps.Where(s => s.Entity == "route:oxide" && s.Step == "sintering")], b["sintering"]!.AsArray());
        Assert.Empty(b["anyOther"]!.AsArray()); // stepYield is reported for a plant's real steps only
        Assert.Empty(b["world"]!.AsArray());    // world has no waterfall
        Assert.NotEmpty(b["sintering"]!.AsArray());
    }

    [Fact]
    public async Task Option_entities_appear_in_series_and_milestones_with_their_metrics()
    {
        var result = V2ApiFixture.FileResult.Value;
        string option = result.Series.First(s => s.Entity.StartsWith("option:", StringComparison.Ordinal)).Entity;
        var r = (await Client.Post($$"""
            query($id: ID!, $o: String!) { batch(id: $id) {
              adopted: series(entity: $o, metric: "adoptedOutputGWh") { entity metric year {{Statistics}} }
              options: series(metric: "adoptedCapacityGWh") { entity metric year {{Statistics}} }
              milestones(entity: $o) { entity milestone probabilityByEnd p10 p50 p90 }
            } }
            """, new { id = api.FileBatch, o = option })).AssertOk();
        var b = r.Data["batch"]!;
        AssertSeries([.. result.Series.Where(s => s.Entity == option && s.Metric == "adoptedOutputGWh")], b["adopted"]!.AsArray());
        AssertSeries([.. result.Series.Where(s => s.Metric == "adoptedCapacityGWh")], b["options"]!.AsArray());
        AssertMilestones([.. result.Milestones.Where(m => m.Entity == option)], b["milestones"]!.AsArray());
        Assert.Equal(["processReady", "adopted"], b["milestones"]!.AsArray().Select(m => m!["milestone"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Members_and_strategy_comparisons_of_a_set_batch_equal_the_engine()
    {
        var set = V2ApiFixture.Set.Value;
        var r = (await Client.Post($$"""
            query($id: ID!) { batch(id: $id) {
              strategy strategySet provenance { modelVersion }
              members {
                strategy
                series(entity: "route:sulfide", metric: "costUsdPerKWh") { entity metric year {{Statistics}} }
                steps(entity: "route:oxide", step: "sintering") { entity step metric year {{Statistics}} }
                milestones { entity milestone probabilityByEnd p10 p50 p90 }
                comparisons { a b metric year count probabilityALessThanB deltaMean deltaP10 deltaP50 deltaP90 }
              }
              strategyComparisons { a b entity metric step year count probabilityALessThanB deltaMean deltaP10 deltaP50 deltaP90 }
              oxide: strategyComparisons(entity: "route:oxide") { a b entity }
            } }
            """, new { id = api.SetBatch })).AssertOk();
        var b = r.Data["batch"]!;
        Assert.True(b["strategySet"]!.GetValue<bool>());
        Assert.Equal("v2", b["provenance"]!["modelVersion"]!.GetValue<string>());
        var members = b["members"]!.AsArray();
        Assert.Equal(set.Members.Select(m => m.Strategy), members.Select(m => m!["strategy"]!.GetValue<string>()));
        for (int i = 0; i < set.Members.Count; i++)
        {
            var (e, a) = (set.Members[i], members[i]!);
            AssertSeries([.. e.Series.Where(s => s.Entity == "route:sulfide" && s.Metric == "costUsdPerKWh")], a["series"]!.AsArray());
            AssertSteps([.. e.Steps.Where(s => s.Entity == "route:oxide" && s.Step == "sintering")], a["steps"]!.AsArray());
            AssertMilestones(e.Milestones, a["milestones"]!.AsArray());
            Assert.Equal(e.Comparisons.Select(c => (c.A, c.B, c.Metric, c.Year, c.Count)),
                a["comparisons"]!.AsArray().Select(c => (c!["a"]!.GetValue<string>(), c["b"]!.GetValue<string>(), c["metric"]!.GetValue<string>(),
                    c["year"]!.GetValue<int>(), c["count"]!.GetValue<long>())));
        }
        var rows = b["strategyComparisons"]!.AsArray();
        Assert.Equal(set.StrategyComparisons.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var (e, a) = (set.StrategyComparisons[i], rows[i]!);
            Assert.Equal((e.A, e.B, e.Entity, e.Metric, e.Step, e.Year, e.Count),
                (a["a"]!.GetValue<string>(), a["b"]!.GetValue<string>(), a["entity"]!.GetValue<string>(), a["metric"]!.GetValue<string>(),
                    a["step"]?.GetValue<string>(), a["year"]!.GetValue<int>(), a["count"]!.GetValue<long>()));
            EngineReference.AssertClose(e.ProbabilityALessThanB, a["probabilityALessThanB"]?.GetValue<double>());
            EngineReference.AssertClose(e.DeltaMean, a["deltaMean"]?.GetValue<double>());
            EngineReference.AssertClose(e.DeltaP10, a["deltaP10"]?.GetValue<double>());
            EngineReference.AssertClose(e.DeltaP50, a["deltaP50"]?.GetValue<double>());
            EngineReference.AssertClose(e.DeltaP90, a["deltaP90"]?.GetValue<double>());
        }
        Assert.Equal(set.StrategyComparisons.Count(c => c.Entity == "route:oxide"), b["oxide"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_single_run_has_no_members_and_a_set_has_no_top_level_series()
    {
        var r = (await Client.Post("""
            query($file: ID!, $set: ID!) {
              file: batch(id: $file) { members { strategy } strategyComparisons { a } }
              set: batch(id: $set) { id series(entity: "world") { year } }
            }
            """, new { file = api.FileBatch, set = api.SetBatch })).AssertWellFormedErrors();
        Assert.Empty(r.Data["file"]!["members"]!.AsArray());
        Assert.Empty(r.Data["file"]!["strategyComparisons"]!.AsArray());
        Assert.Null(r.Data["set"]!["series"]);
        Assert.Equal(["BAD_INPUT"], r.Codes);
    }

    [Fact]
    public async Task Step_arguments_are_checked()
    {
        foreach (string args in new[] { """entity: "route:nope" """, """entity: "route:oxide", step: "nope" """, """metric: "costUsdPerKWh" """, """step: "nope" """ })
        {
            var r = (await Client.Post($$"""query($id: ID!) { batch(id: $id) { steps({{args}}) { year } } }""", new { id = api.MemberBatch }))
                .AssertWellFormedErrors();
            Assert.Equal(["BAD_INPUT"], r.Codes);
        }
    }

    [Fact]
    public async Task SubmitBatch_refuses_an_unknown_strategy_and_a_set_of_a_file_without_strategies()
    {
        var r = (await Client.Post("""
            mutation { a: submitBatch(scenarioId: "strategies", trials: 10, seed: 1, strategy: "nope") { id }
                       b: submitBatch(scenarioId: "tiny", trials: 10, seed: 1, strategySet: true) { id }
                       c: submitBatch(scenarioId: "strategies", trials: 10, seed: 1, strategy: "base", strategySet: true) { id } }
            """)).AssertWellFormedErrors();
        Assert.Equal(["BAD_INPUT", "BAD_INPUT", "BAD_INPUT"], r.Codes);
        Assert.Contains(r.Errors, e => e!["message"]!.GetValue<string>().Contains("nope", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scenario_strategies_options_and_chains_equal_the_loaded_file()
    {
        var file = V2ApiFixture.File.Value;
        var plant = file.Plants.First(p => file.Options.Any(o => o.InScope(p)));
        var r = (await Client.Post("""
            query($plant: ID!) { scenario(id: "strategies") {
              strategies { id name description parameters { path text } }
              strategyComparisons { a b entity metric step }
              options { id entity routes regions plants adoption readyYear { path kind text } effects { kind target value { path } step position anchor addedStep { id } } }
              route(id: "oxide") { chain { id name inputs atmosphere dewPointC parameters { path kind arguments text fixed } readyYear { path } } options { id } }
              plant(id: $plant) { chain { id } ownChain options { id } }
            } }
            """, new { plant = plant.Id })).AssertOk();
        var s = r.Data["scenario"]!;

        Assert.Equal(file.Strategies.Select(x => (x.Id, x.Name)), s["strategies"]!.AsArray().Select(x => (x!["id"]!.GetValue<string>(), x["name"]!.GetValue<string>())));
        var lts = s["strategies"]!.AsArray().Single(x => x!["id"]!.GetValue<string>() == "lts-2027")!;
        var changed = new CompiledModel(file.Member("lts-2027")).Parameters
            .Where(p => new CompiledModel(file).Parameters.First(q => q.Path == p.Path).Distribution.Describe() != p.Distribution.Describe());
        Assert.Equal(changed.Select(p => p.Path), lts["parameters"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()));
        Assert.Contains("options.low-temp-sintering.readyYear", lts["parameters"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()));
        Assert.Equal(file.StrategyComparisons.Select(c => (c.A, c.B, c.Entity, c.Metric, c.Step)),
            s["strategyComparisons"]!.AsArray().Select(c => (c!["a"]!.GetValue<string>(), c["b"]!.GetValue<string>(), c["entity"]!.GetValue<string>(),
                c["metric"]!.GetValue<string>(), c["step"]?.GetValue<string>())));

        var options = s["options"]!.AsArray();
        Assert.Equal(file.Options.Select(o => ("option:" + o.Id, o.ReadyYear.Path, o.Effects.Count)),
            options.Select(o => (o!["entity"]!.GetValue<string>(), o["readyYear"]!["path"]!.GetValue<string>(), o["effects"]!.AsArray().Count)));

        var route = file.Routes.Single(x => x.Id == "oxide");
        var chain = s["route"]!["chain"]!.AsArray();
        Assert.Equal(route.Process!.Steps.Select(x => x.Id), chain.Select(x => x!["id"]!.GetValue<string>()));
        for (int i = 0; i < chain.Count; i++)
        {
            var step = route.Process.Steps[i];
            Assert.Equal(step.Inputs, chain[i]!["inputs"]!.AsArray().Select(x => x!.GetValue<string>()));
            Assert.Equal(step.Fields.Values.Select(p => (p.Path, p.Distribution.Kind, p.Distribution.Describe())),
                chain[i]!["parameters"]!.AsArray().Select(p => (p!["path"]!.GetValue<string>(), p["kind"]!.GetValue<string>(), p["text"]!.GetValue<string>())));
            Assert.Equal(step.Field("readyYear")?.Path, chain[i]!["readyYear"]?["path"]?.GetValue<string>());
        }
        Assert.Equal(file.Options.Where(o => o.Routes.Contains("oxide")).Select(o => o.Id),
            s["route"]!["options"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()));

        var baseChain = plant.Process ?? file.Routes.Single(x => x.Id == plant.RouteId).Process;
        Assert.Equal(baseChain?.Steps.Select(x => x.Id), s["plant"]!["chain"]?.AsArray().Select(x => x!["id"]!.GetValue<string>()));
        Assert.Equal(plant.Process is not null, s["plant"]!["ownChain"]!.GetValue<bool>());
        Assert.Equal(file.Options.Where(o => o.InScope(plant)).Select(o => o.Id),
            s["plant"]!["options"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Sensitivity_of_a_step_metric_and_a_trials_steps_equal_the_engine()
    {
        var d = (await api.Client.Post("""
            query($id: ID!) { batch(id: $id) {
              sensitivity(entity: "route:oxide", metric: "stepCostUsdPerKWh", step: "sintering", year: 2030) {
                step tornado { base parameters { path swing } } spearman { trials parameters { path rho } } }
              trial(index: 5) { steps(entity: "plant:toyota-idemitsu") { entity step metric year value } } } }
            """, new { id = api.MemberBatch })).AssertOk().Data["batch"]!;
        var model = new CompiledModel(V2ApiFixture.File.Value.Member("lts-2027"));
        var expected = Engine.Analysis.Sensitivity.RunStep(model, (ulong)V2ApiFixture.Seed, V2ApiFixture.Trials, "route:oxide",
            Engine.Simulation.Process.StepMetric.StepCostUsdPerKWh, "sintering", 2030);
        var s = d["sensitivity"]!;
        Assert.Equal("sintering", s["step"]!.GetValue<string>());
        Assert.Equal(expected.Tornado.Base, s["tornado"]!["base"]!.GetValue<double>());
        Assert.Equal(expected.Tornado.Parameters.Select(p => p.Path), s["tornado"]!["parameters"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()));
        Assert.Equal(expected.Spearman.Parameters.Select(p => p.Path), s["spearman"]!["parameters"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()));

        var replay = TrialReplay.Run(model, (ulong)V2ApiFixture.Seed, 5).Steps!.Where(x => x.Entity == "plant:toyota-idemitsu").ToList();
        var steps = d["trial"]!["steps"]!.AsArray();
        Assert.NotEmpty(replay);
        Assert.Equal(replay.Count, steps.Count);
        for (int i = 0; i < replay.Count; i++)
        {
            Assert.Equal((replay[i].Step, replay[i].Metric, replay[i].Year), (steps[i]!["step"]!.GetValue<string>(), steps[i]!["metric"]!.GetValue<string>(), steps[i]!["year"]!.GetValue<int>()));
            Assert.Equal(replay[i].Value, steps[i]!["value"]?.GetValue<double>());
        }
    }

    [Fact]
    public async Task A_step_metric_without_a_step_is_bad_input()
    {
        var r = (await api.Client.Post("""
            query($id: ID!) { batch(id: $id) { sensitivity(entity: "route:oxide", metric: "stepCostUsdPerKWh", year: 2030) { step } } }
            """, new { id = api.MemberBatch })).AssertWellFormedErrors();
        Assert.Equal(["BAD_INPUT"], r.Codes);
    }
}
