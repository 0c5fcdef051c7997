using System.Text.Json.Nodes;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// Model v2: the members of a strategy-set batch outside <c>Batch.members</c>: an entity's <c>results(strategy:)</c>
/// (routes, regions, plants, options) and <c>compare</c>, <c>sensitivity</c>, <c>trial</c> with <c>strategy</c>, each
/// checked against the engine's member run (same seed and trials); a set's default member is base; a single run
/// takes only its own member.
/// </summary>
[Collection("api-v2")]
public sealed class V2SetMemberTests(V2ApiFixture api)
{
    private const string Member = "cn-sulfide-push";
    private const string Statistics = "count mean stdDev min max p5 p10 p25 p50 p75 p90 p95";

    private static MemberResult Of(string strategy) => V2ApiFixture.Set.Value.Members.Single(m => m.Strategy == strategy);

    private static CompiledModel Model(string strategy) => new(V2ApiFixture.File.Value.Member(strategy));

    private static void AssertSeries(IEnumerable<SeriesStatistics> expected, JsonNode? actual)
    {
        var e = expected.ToList();
        var a = actual!.AsArray();
        Assert.Equal(e.Select(s => (s.Entity, s.Metric, s.Year, s.Count)),
            a.Select(x => (x!["entity"]!.GetValue<string>(), x["metric"]!.GetValue<string>(), x["year"]!.GetValue<int>(), x["count"]!.GetValue<long>())));
        for (int i = 0; i < e.Count; i++)
        {
            EngineReference.AssertClose(Finite(e[i].Mean), a[i]!["mean"]?.GetValue<double>());
            EngineReference.AssertClose(Finite(e[i].P50), a[i]!["p50"]?.GetValue<double>());
            EngineReference.AssertClose(Finite(e[i].P90), a[i]!["p90"]?.GetValue<double>());
        }
    }

    private static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;

    private static void AssertMilestones(IEnumerable<MilestoneResult> expected, JsonNode? actual) =>
        Assert.Equal(expected.Select(m => (m.Entity, m.Milestone, m.ProbabilityByEnd, m.P10, m.P50, m.P90)),
            actual!.AsArray().Select(a => (a!["entity"]!.GetValue<string>(), a["milestone"]!.GetValue<string>(), a["probabilityByEnd"]!.GetValue<double>(),
                a["p10"]?.GetValue<int>(), a["p50"]?.GetValue<int>(), a["p90"]?.GetValue<int>())));

    [Fact]
    public async Task Entity_results_of_a_set_batch_are_per_member_and_default_to_base()
    {
        string option = V2ApiFixture.File.Value.Options[0].Id;
        var plant = V2ApiFixture.File.Value.Plants[0].Id;
        var r = (await api.Client.Post($$"""
            query($id: ID!, $m: String!, $plant: ID!) {
              batch(id: $id) {
                route(id: "sulfide") {
                  member: results(strategy: $m) { strategy final trialsDone series { entity metric year {{Statistics}} }
                    milestones { entity milestone probabilityByEnd p10 p50 p90 } comparisons { a b metric year count } }
                  base: results { strategy series(metric: "costUsdPerKWh") { entity metric year {{Statistics}} } } }
                region(id: "CN") { results(strategy: $m) { series { entity metric year {{Statistics}} } } }
                plant(id: $plant) { results(strategy: $m) { series { entity metric year {{Statistics}} } } }
                scenario { options { id results(batchId: $id, strategy: $m) { strategy series { entity metric year {{Statistics}} }
                  milestones { entity milestone probabilityByEnd p10 p50 p90 } } } }
              } }
            """, new { id = api.SetBatch, m = Member, plant })).AssertOk();
        var b = r.Data["batch"]!;
        var member = Of(Member);
        var route = b["route"]!["member"]!;
        Assert.Equal((Member, true, V2ApiFixture.Trials), (route["strategy"]!.GetValue<string>(), route["final"]!.GetValue<bool>(), route["trialsDone"]!.GetValue<long>()));
        AssertSeries(member.Series.Where(s => s.Entity == "route:sulfide"), route["series"]);
        AssertMilestones(member.Milestones.Where(m => m.Entity == "route:sulfide"), route["milestones"]);
        Assert.Equal(member.Comparisons.Count(c => c.A == "route:sulfide"), route["comparisons"]!.AsArray().Count);
        Assert.Equal("base", b["route"]!["base"]!["strategy"]!.GetValue<string>());
        AssertSeries(Of("base").Series.Where(s => s is { Entity: "route:sulfide", Metric: "costUsdPerKWh" }), b["route"]!["base"]!["series"]);
        // The member is not the base: else results(strategy:) could ignore its argument and pass.
        Assert.NotEqual(Of("base").Series.Where(s => s.Entity == "route:sulfide").Select(s => s.Mean),
            member.Series.Where(s => s.Entity == "route:sulfide").Select(s => s.Mean));
        AssertSeries(member.Series.Where(s => s.Entity == "region:CN"), b["region"]!["results"]!["series"]);
        AssertSeries(member.Series.Where(s => s.Entity == "plant:" + plant), b["plant"]!["results"]!["series"]);
        var o = b["scenario"]!["options"]!.AsArray().Single(x => x!["id"]!.GetValue<string>() == option)!["results"]!;
        Assert.Equal(Member, o["strategy"]!.GetValue<string>());
        AssertSeries(member.Series.Where(s => s.Entity == "option:" + option), o["series"]);
        AssertMilestones(member.Milestones.Where(m => m.Entity == "option:" + option), o["milestones"]);
        Assert.NotEmpty(o["series"]!.AsArray());
    }

    [Fact]
    public async Task A_single_run_takes_only_its_own_member_and_a_set_only_its_members()
    {
        var ok = (await api.Client.Post("""
            query($member: ID!, $file: ID!) {
              member: batch(id: $member) { route(id: "oxide") { own: results(strategy: "lts-2027") { strategy series(metric: "costUsdPerKWh") { year mean } }
                                                                implied: results { strategy } } }
              file: batch(id: $file) { route(id: "oxide") { results(strategy: "base") { strategy } } } }
            """, new { member = api.MemberBatch, file = api.FileBatch })).AssertOk().Data;
        Assert.Equal("lts-2027", ok["member"]!["route"]!["own"]!["strategy"]!.GetValue<string>());
        Assert.Equal("lts-2027", ok["member"]!["route"]!["implied"]!["strategy"]!.GetValue<string>());
        Assert.Equal(V2ApiFixture.Member.Value.Series.Count(s => s is { Entity: "route:oxide", Metric: "costUsdPerKWh" }),
            ok["member"]!["route"]!["own"]!["series"]!.AsArray().Count);
        Assert.Equal("base", ok["file"]!["route"]!["results"]!["strategy"]!.GetValue<string>());

        foreach (var (batch, field) in new[]
        {
            (api.MemberBatch, """route(id: "oxide") { results(strategy: "base") { final } }"""),
            (api.SetBatch, """route(id: "oxide") { results(strategy: "nope") { final } }"""),
            (api.SetBatch, """trial(index: 1, strategy: "nope") { trial }"""),
            (api.MemberBatch, """trial(index: 1, strategy: "base") { trial }"""),
            (api.FileBatch, """compare(a: "route:oxide", b: "route:sulfide", metric: "costUsdPerKWh", strategy: "lts-2027") { trials }"""),
            (api.SetBatch, """sensitivity(entity: "route:oxide", metric: "costUsdPerKWh", year: 2030, strategy: "nope") { year }"""),
        })
        {
            var r = (await api.Client.Post($$"""query($id: ID!) { batch(id: $id) { {{field}} } }""", new { id = batch })).AssertWellFormedErrors();
            Assert.Equal(["BAD_INPUT"], r.Codes);
            string message = r.Errors.Single()!["message"]!.GetValue<string>();
            Assert.Contains(batch, message);
        }
    }

    [Fact]
    public async Task Compare_sensitivity_and_trial_of_a_set_member_equal_the_engines_member_run()
    {
        var d = (await api.Client.Post("""
            query($id: ID!, $m: String!) { batch(id: $id) {
              compare(a: "route:sulfide", b: "route:oxide", metric: "costUsdPerKWh", years: [2028, 2030], strategy: $m) {
                strategy trials comparisons { year count probabilityALessThanB deltaMean deltaP50 } }
              sensitivity(entity: "route:sulfide", metric: "costUsdPerKWh", year: 2030, strategy: $m) {
                strategy tornado { base parameters { path swing } } spearman { parameters { path rho } } }
              baseCompare: compare(a: "route:sulfide", b: "route:oxide", metric: "costUsdPerKWh", years: [2030]) { strategy }
              baseSensitivity: sensitivity(entity: "route:sulfide", metric: "costUsdPerKWh", year: 2030) { strategy tornado { base } }
              trial(index: 7, strategy: $m) { strategy inputs { path value } metrics(entity: "route:sulfide", metric: "costUsdPerKWh") { year value } }
              baseTrial: trial(index: 7) { strategy metrics(entity: "route:sulfide", metric: "costUsdPerKWh") { year value } } } }
            """, new { id = api.SetBatch, m = Member })).AssertOk().Data["batch"]!;
        var model = Model(Member);
        ulong seed = (ulong)V2ApiFixture.Seed;

        // Each result names the member it is about: the one asked for, else the set's default, base.
        Assert.Equal([Member, Member, "base", "base"],
            new[] { "compare", "sensitivity", "baseCompare", "baseSensitivity" }.Select(f => d[f]!["strategy"]!.GetValue<string>()));

        var compare = PairedComparison.Run(model, seed, V2ApiFixture.Trials, 1024, "route:sulfide", "route:oxide", Metric.CostUsdPerKWh, [2028, 2030], threads: 1);
        var rows = d["compare"]!["comparisons"]!.AsArray();
        Assert.Equal(compare.Select(c => (c.Year, c.Count)), rows.Select(x => (x!["year"]!.GetValue<int>(), x["count"]!.GetValue<long>())));
        for (int i = 0; i < compare.Count; i++)
        {
            EngineReference.AssertClose(compare[i].ProbabilityALessThanB, rows[i]!["probabilityALessThanB"]?.GetValue<double>());
            EngineReference.AssertClose(compare[i].DeltaMean, rows[i]!["deltaMean"]?.GetValue<double>());
            EngineReference.AssertClose(compare[i].DeltaP50, rows[i]!["deltaP50"]?.GetValue<double>());
        }

        var sensitivity = Sensitivity.Run(model, seed, V2ApiFixture.Trials, "route:sulfide", Metric.CostUsdPerKWh, 2030);
        Assert.Equal(sensitivity.Tornado.Base, d["sensitivity"]!["tornado"]!["base"]!.GetValue<double>());
        Assert.Equal(sensitivity.Tornado.Parameters.Select(p => p.Path), d["sensitivity"]!["tornado"]!["parameters"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()));
        Assert.Equal(sensitivity.Spearman.Parameters.Select(p => p.Path), d["sensitivity"]!["spearman"]!["parameters"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()));
        var baseSensitivity = Sensitivity.Run(Model("base"), seed, V2ApiFixture.Trials, "route:sulfide", Metric.CostUsdPerKWh, 2030);
        Assert.Equal(baseSensitivity.Tornado.Base, d["baseSensitivity"]!["tornado"]!["base"]!.GetValue<double>());
        Assert.NotEqual(baseSensitivity.Tornado.Parameters.Select(p => (p.Path, p.Swing)), sensitivity.Tornado.Parameters.Select(p => (p.Path, p.Swing)));
        Assert.Equal(sensitivity.Tornado.Parameters.Select(p => p.Swing),
            d["sensitivity"]!["tornado"]!["parameters"]!.AsArray().Select(p => p!["swing"]?.GetValue<double>()));

        var replay = TrialReplay.Run(model, seed, 7);
        var trial = d["trial"]!;
        Assert.Equal(Member, trial["strategy"]!.GetValue<string>());
        Assert.Equal(replay.Inputs.Select(i => (i.Key, i.Value)), trial["inputs"]!.AsArray().Select(i => (i!["path"]!.GetValue<string>(), i["value"]!.GetValue<double>())));
        Assert.Equal(replay.Metrics.Where(m => m is { Entity: "route:sulfide", Metric: "costUsdPerKWh" }).Select(m => (m.Year, Finite(m.Value))),
            trial["metrics"]!.AsArray().Select(m => (m!["year"]!.GetValue<int>(), m["value"]?.GetValue<double>())));
        var baseReplay = TrialReplay.Run(Model("base"), seed, 7);
        Assert.NotEqual(baseReplay.Metrics.Select(m => m.Value), replay.Metrics.Select(m => m.Value));
        Assert.Equal("base", d["baseTrial"]!["strategy"]!.GetValue<string>());
        Assert.Equal(baseReplay.Metrics.Where(m => m is { Entity: "route:sulfide", Metric: "costUsdPerKWh" }).Select(m => (m.Year, Finite(m.Value))),
            d["baseTrial"]!["metrics"]!.AsArray().Select(m => (m!["year"]!.GetValue<int>(), m["value"]?.GetValue<double>())));
    }

    [Fact]
    public async Task Compare_and_sensitivity_of_a_single_run_name_its_own_member_and_equal_its_engine_run()
    {
        var d = (await api.Client.Post("""
            query($member: ID!, $file: ID!) {
              member: batch(id: $member) {
                compare(a: "route:sulfide", b: "route:oxide", metric: "costUsdPerKWh", years: [2030]) { strategy comparisons { year count deltaMean } }
                sensitivity(entity: "route:oxide", metric: "costUsdPerKWh", year: 2030, strategy: "lts-2027") {
                  strategy tornado { base parameters { path inputLow inputHigh } } } }
              file: batch(id: $file) {
                compare(a: "route:sulfide", b: "route:oxide", metric: "costUsdPerKWh", years: [2030]) { strategy }
                sensitivity(entity: "route:oxide", metric: "costUsdPerKWh", year: 2030) { strategy tornado { base parameters { path inputLow inputHigh } } } } }
            """, new { member = api.MemberBatch, file = api.FileBatch })).AssertOk().Data;
        ulong seed = (ulong)V2ApiFixture.Seed;
        var member = d["member"]!;
        Assert.Equal("lts-2027", member["compare"]!["strategy"]!.GetValue<string>());
        Assert.Equal("lts-2027", member["sensitivity"]!["strategy"]!.GetValue<string>());
        var compare = PairedComparison.Run(Model("lts-2027"), seed, V2ApiFixture.Trials, 1024, "route:sulfide", "route:oxide", Metric.CostUsdPerKWh, [2030], threads: 1)
            .Single();
        var row = member["compare"]!["comparisons"]!.AsArray().Single()!;
        Assert.Equal((compare.Year, compare.Count), (row["year"]!.GetValue<int>(), row["count"]!.GetValue<long>()));
        EngineReference.AssertClose(compare.DeltaMean, row["deltaMean"]?.GetValue<double>());
        var own = Sensitivity.Run(Model("lts-2027"), seed, V2ApiFixture.Trials, "route:oxide", Metric.CostUsdPerKWh, 2030);
        Assert.Equal(own.Tornado.Base, member["sensitivity"]!["tornado"]!["base"]!.GetValue<double>());
        Assert.Equal(Inputs(own), Inputs(member["sensitivity"]!));

        // A file with strategies run without one is its base member.
        var file = d["file"]!;
        Assert.Equal("base", file["compare"]!["strategy"]!.GetValue<string>());
        Assert.Equal("base", file["sensitivity"]!["strategy"]!.GetValue<string>());
        var fileOwn = Sensitivity.Run(Model("base"), seed, V2ApiFixture.Trials, "route:oxide", Metric.CostUsdPerKWh, 2030);
        Assert.Equal(fileOwn.Tornado.Base, file["sensitivity"]!["tornado"]!["base"]!.GetValue<double>());
        Assert.Equal(Inputs(fileOwn), Inputs(file["sensitivity"]!));
        Assert.NotEqual(Inputs(fileOwn), Inputs(own)); // lts-2027 moves a ready year: else the member could be ignored and pass
    }

    private static IEnumerable<(string, double, double)> Inputs(SensitivityResult s) =>
        s.Tornado.Parameters.Select(p => (p.Path, p.InputLow, p.InputHigh)).Order();

    private static IEnumerable<(string, double, double)> Inputs(JsonNode sensitivity) =>
        sensitivity["tornado"]!["parameters"]!.AsArray()
            .Select(p => (p!["path"]!.GetValue<string>(), p["inputLow"]!.GetValue<double>(), p["inputHigh"]!.GetValue<double>())).Order();
}
