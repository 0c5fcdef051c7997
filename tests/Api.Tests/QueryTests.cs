using System.Text.Json.Nodes;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Api.Tests;

/// <summary>Every query of the schema against the shared completed batch, checked against the engine run in this process.</summary>
[Collection("api")]
public sealed class QueryTests(ApiFixture api)
{
    private GraphQLClient Client => api.Client;
    private (CompiledModel Model, Engine.Results.BatchResult Result) Reference => EngineReference.Run("sulfide-vs-oxide.yaml", ApiFixture.Seed, ApiFixture.Trials);

    [Fact]
    public async Task Scenarios_lists_the_newest_version_of_each_id()
    {
        var r = (await Client.Post("{ scenarios { id name sha256 fileName } }")).AssertOk();
        var ids = r.Data["scenarios"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("baseline", ids);
        Assert.Contains("sulfide-vs-oxide", ids);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task Scenario_has_routes_regions_plants_and_every_parameter()
    {
        var r = (await Client.Post("""
            { scenario(id: "sulfide-vs-oxide") {
                id sha256 name description fileName yaml createdAt ancestors { fileName yaml }
                horizon { start end } years targets { costThresholdUsdPerKWh massProductionGWh } benchmarkName
                entities metrics parameters { path kind arguments text fixed }
                correlations { a b rho } comparisons { a b metric }
                routes { id entity name attributes { name value } parameters { path kind text fixed } }
                regions { id entity name parameters { path } }
                plants { id entity name attributes { name value } parameters { path kind } }
                route(id: "sulfide") { name } region(id: "JP") { name } plant(id: "toyota-idemitsu") { name }
                routesOnly: parameters(pathPrefix: "routes.sulfide.") { path }
                batches { totalCount }
            } }
            """)).AssertOk();
        var s = r.Data["scenario"]!;
        var model = Reference.Model;
        Assert.Equal(model.Scenario.Sha256, s["sha256"]!.GetValue<string>());
        Assert.Equal("sulfide-vs-oxide.yaml", s["fileName"]!.GetValue<string>());
        Assert.Equal(["baseline.yaml"], s["ancestors"]!.AsArray().Select(a => a!["fileName"]!.GetValue<string>()));
        Assert.Equal(2025, s["horizon"]!["start"]!.GetValue<int>());
        Assert.Equal(model.Entities.All.Select(e => e.Id), s["entities"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(Metrics.AllNames, s["metrics"]!.AsArray().Select(e => e!.GetValue<string>()));

        var parameters = s["parameters"]!.AsArray();
        Assert.Equal(model.Parameters.Select(p => p.Path), parameters.Select(p => p!["path"]!.GetValue<string>()));
        Assert.Equal(model.Parameters.Select(p => p.Distribution.Kind), parameters.Select(p => p!["kind"]!.GetValue<string>()));
        Assert.Equal(model.Parameters.Select(p => p.IsFixed), parameters.Select(p => p!["fixed"]!.GetValue<bool>()));
        Assert.Equal(model.Parameters.Select(p => p.Distribution.Arguments.Count), parameters.Select(p => p!["arguments"]!.AsArray().Count));
        Assert.All(s["routesOnly"]!.AsArray(), p => Assert.StartsWith("routes.sulfide.", p!["path"]!.GetValue<string>()));

        Assert.Equal(model.Scenario.Routes.Select(x => x.Id), s["routes"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
        Assert.Equal(model.Scenario.Regions.Select(x => x.Name), s["regions"]!.AsArray().Select(x => x!["name"]!.GetValue<string>()));
        Assert.Equal(model.Scenario.Plants.Select(x => "plant:" + x.Id), s["plants"]!.AsArray().Select(x => x!["entity"]!.GetValue<string>()));
        var sulfide = s["routes"]!.AsArray().Single(x => x!["id"]!.GetValue<string>() == "sulfide")!;
        Assert.Equal(model.Parameters.Where(p => p.Path.StartsWith("routes.sulfide.", StringComparison.Ordinal)).Select(p => p.Path),
            sulfide["parameters"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()));
        Assert.Contains(sulfide["attributes"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "family");
        Assert.Equal(3, s["comparisons"]!.AsArray().Count);
        Assert.Equal(model.Scenario.Routes[0].Name, s["route"]!["name"]!.GetValue<string>());
        Assert.True(s["batches"]!["totalCount"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task Parameters_carry_the_source_note_written_on_their_line_in_whichever_file_wrote_them()
    {
        var r = (await Client.Post("""
            { scenario(id: "sulfide-vs-oxide") {
                benchmark: parameters(pathPrefix: "benchmark.startUsdPerKWh") { path source }
                route(id: "sulfide") { parameters { path source } }
                plant(id: "toyota-idemitsu") { parameters { path source } }
            } }
            """)).AssertOk();
        var s = r.Data["scenario"]!;
        // The what-if writes no numbers: each note comes from baseline.yaml, the ancestor that wrote the value.
        Assert.Equal("[A] from BNEF pack survey [S]; cells ≈ 75–80 % of pack", s["benchmark"]![0]!["source"]!.GetValue<string>());
        var route = s["route"]!["parameters"]!.AsArray().ToDictionary(p => p!["path"]!.GetValue<string>(), p => p!["source"]?.GetValue<string>());
        Assert.Equal("[V] Xinhua/USTC 2024: \">195 $/kg\"", route["routes.sulfide.materials.electrolyte.usdPerKg"]);
        Assert.Equal("[A] Li2S is the cost driver", route["routes.sulfide.materials.electrolyte.lithiumShare"]);
        // Values of one flow map on one line share that line's note.
        Assert.StartsWith("[A] NMC811", route["routes.sulfide.materials.cathode.usdPerKg"]);
        // Entity parameters come through the plant's grain (ParameterView) with the same notes.
        var plant = s["plant"]!["parameters"]!.AsArray().ToDictionary(p => p!["path"]!.GetValue<string>(), p => p!["source"]?.GetValue<string>());
        Assert.Equal("[A]", plant["plants.toyota-idemitsu.sopDelayYears"]);
        var capacity = plant.Where(kv => kv.Key.EndsWith(".gwh", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, capacity.Count);
        Assert.All(capacity, kv => Assert.Equal("[A] sizes", kv.Value));
    }

    [Fact]
    public async Task A_what_if_links_the_parent_version_it_was_stored_with_and_a_root_scenario_none()
    {
        var r = (await Client.Post("""
            { whatIf: scenario(id: "sulfide-vs-oxide") { parent { id sha256 parent { id } } }
              baseline: scenario(id: "baseline") { sha256 parent { id } } }
            """)).AssertOk();
        var parent = r.Data["whatIf"]!["parent"]!;
        Assert.Equal("baseline", parent["id"]!.GetValue<string>());
        Assert.Equal(r.Data["baseline"]!["sha256"]!.GetValue<string>(), parent["sha256"]!.GetValue<string>());
        Assert.Null(parent["parent"]);
        Assert.Null(r.Data["baseline"]!["parent"]);
    }

    [Fact]
    public async Task Unknown_scenario_batch_and_entity_are_not_found_and_null()
    {
        var r = (await Client.Post("""
            { scenario(id: "nope") { id } batch(id: "b-nope") { id } other: scenario(id: "baseline") { route(id: "nope") { id } } }
            """)).AssertWellFormedErrors();
        Assert.Equal(System.Net.HttpStatusCode.OK, r.Status);
        Assert.Null(r.Data["scenario"]);
        Assert.Null(r.Data["batch"]);
        Assert.Null(r.Data["other"]!["route"]);
        Assert.Equal(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND"], r.Codes.Order());
    }

    [Fact]
    public async Task Batch_has_status_progress_provenance_and_timings()
    {
        var r = (await Client.Post("""
            query($id: ID!) { batch(id: $id) {
                id scenarioId scenarioSha256 scenario { id } status seed trials chunkSize units trialsDone progress
                trialsPerSecond etaSeconds error cancelRequested years
                provenance { scenarioSha256 seed trials modelVersion softwareVersion }
                timings { createdAt startedAt finishedAt queuedSeconds runSeconds } } }
            """, new { id = api.BatchId })).AssertOk();
        var b = r.Data["batch"]!;
        Assert.Equal("COMPLETED", b["status"]!.GetValue<string>());
        Assert.Equal(ApiFixture.Trials, b["trialsDone"]!.GetValue<long>());
        Assert.Equal(1.0, b["progress"]!.GetValue<double>());
        Assert.True(b["trialsPerSecond"]!.GetValue<double>() > 0);
        Assert.Equal(0.0, b["etaSeconds"]!.GetValue<double>());
        Assert.Equal(Reference.Result.Provenance.ScenarioSha256, b["provenance"]!["scenarioSha256"]!.GetValue<string>());
        // The batch row records the model version of the document it produces ("v2": the shipped baseline has chains).
        Assert.Equal(Reference.Result.Provenance.ModelVersion, b["provenance"]!["modelVersion"]!.GetValue<string>());
        Assert.Equal(Reference.Result.Provenance.SoftwareVersion, b["provenance"]!["softwareVersion"]!.GetValue<string>());
        Assert.Equal(ApiFixture.Seed, b["provenance"]!["seed"]!.GetValue<long>());
        Assert.True(b["timings"]!["runSeconds"]!.GetValue<double>() > 0);
        Assert.Equal([2025, 2026, 2027, 2028, 2029, 2030], b["years"]!.AsArray().Select(y => y!.GetValue<int>()));
    }

    [Fact]
    public async Task Series_equal_the_engine_run_in_process_with_filters()
    {
        var all = (await Client.Post(SeriesQuery(""), new { id = api.BatchId })).AssertOk().Data["batch"]!["series"]!.AsArray();
        Assert.Equal(Reference.Result.Series.Count, all.Count);
        for (int i = 0; i < all.Count; i++) AssertSeries(Reference.Result.Series[i], all[i]!);

        var some = (await Client.Post(SeriesQuery("(entity: \"route:oxide\", metric: \"outputGWh\", years: [2027, 2030])"), new { id = api.BatchId }))
            .AssertOk().Data["batch"]!["series"]!.AsArray();
        Assert.Equal([2027, 2030], some.Select(s => s!["year"]!.GetValue<int>()));
        Assert.All(some, s => Assert.Equal("route:oxide", s!["entity"]!.GetValue<string>()));
        AssertSeries(Reference.Result.Series.Single(s => s is { Entity: "route:oxide", Metric: "outputGWh", Year: 2030 }), some[1]!);
    }

    [Fact]
    public async Task Series_with_an_unknown_entity_or_metric_is_bad_input()
    {
        var r = (await Client.Post(SeriesQuery("(entity: \"route:nope\")"), new { id = api.BatchId })).AssertWellFormedErrors();
        Assert.Equal(["BAD_INPUT"], r.Codes);
        Assert.Contains("route:sulfide", r.Errors[0]!["message"]!.GetValue<string>());
        r = (await Client.Post(SeriesQuery("(metric: \"costUSD\")"), new { id = api.BatchId })).AssertWellFormedErrors();
        Assert.Equal(["BAD_INPUT"], r.Codes);
    }

    [Fact]
    public async Task Milestones_and_comparisons_equal_the_engine()
    {
        var b = (await Client.Post("""
            query($id: ID!) { batch(id: $id) {
                milestones { entity milestone probabilityByEnd probabilityByYear { year probability } p10 p50 p90 }
                oxide: milestones(entity: "route:oxide") { milestone }
                comparisons { a b metric year count probabilityALessThanB deltaMean deltaP10 deltaP50 deltaP90 }
                fromSulfide: comparisons(a: "route:sulfide") { b } } }
            """, new { id = api.BatchId })).AssertOk().Data["batch"]!;
        var milestones = b["milestones"]!.AsArray();
        Assert.Equal(Reference.Result.Milestones.Count, milestones.Count);
        for (int i = 0; i < milestones.Count; i++)
        {
            var e = Reference.Result.Milestones[i];
            var m = milestones[i]!;
            Assert.Equal(e.Entity, m["entity"]!.GetValue<string>());
            Assert.Equal(e.Milestone, m["milestone"]!.GetValue<string>());
            Assert.Equal(e.ProbabilityByEnd, m["probabilityByEnd"]!.GetValue<double>());
            Assert.Equal(e.ProbabilityByYear.Select(p => p.Probability), m["probabilityByYear"]!.AsArray().Select(p => p!["probability"]!.GetValue<double>()));
            Assert.Equal(e.P50, m["p50"]?.GetValue<int>());
        }
        Assert.Equal(4, b["oxide"]!.AsArray().Count);
        var comparisons = b["comparisons"]!.AsArray();
        Assert.Equal(Reference.Result.Comparisons.Count, comparisons.Count);
        for (int i = 0; i < comparisons.Count; i++) AssertComparison(Reference.Result.Comparisons[i], comparisons[i]!);
        Assert.Equal(Reference.Result.Comparisons.Count, b["fromSulfide"]!.AsArray().Count);
    }

    [Fact]
    public async Task Compare_recomputes_any_pair_and_equals_a_listed_comparison()
    {
        var b = (await Client.Post("""
            query($id: ID!) { batch(id: $id) {
                listed: compare(a: "route:sulfide", b: "route:oxide", metric: "costUsdPerKWh") {
                    strategy trials wholeBatch comparisons { a b metric year count probabilityALessThanB deltaMean deltaP10 deltaP50 deltaP90 } }
                any: compare(a: "plant:toyota-idemitsu", b: "region:CN", metric: "yield", years: [2030]) {
                    trials comparisons { year count probabilityALessThanB } } } }
            """, new { id = api.BatchId })).AssertOk().Data["batch"]!;
        Assert.Equal(ApiFixture.Trials, b["listed"]!["trials"]!.GetValue<long>());
        Assert.True(b["listed"]!["wholeBatch"]!.GetValue<bool>());
        Assert.Null(b["listed"]!["strategy"]); // a file without strategies has no member to name
        var listed = Reference.Result.Comparisons.Where(c => c is { B: "route:oxide", Metric: "costUsdPerKWh" }).ToList();
        var rows = b["listed"]!["comparisons"]!.AsArray();
        Assert.Equal(listed.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++) AssertComparison(listed[i], rows[i]!);
        var any = b["any"]!["comparisons"]!.AsArray().Single()!;
        Assert.Equal(2030, any["year"]!.GetValue<int>());
        Assert.True(any["count"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Compare_checks_its_arguments()
    {
        var r = (await Client.Post("""
            query($id: ID!) { batch(id: $id) { compare(a: "benchmark", b: "route:oxide", metric: "outputGWh") { trials } } }
            """, new { id = api.BatchId })).AssertWellFormedErrors();
        Assert.Equal(["BAD_INPUT"], r.Codes);
        r = (await Client.Post("""
            query($id: ID!) { batch(id: $id) { compare(a: "route:sulfide", b: "route:oxide", metric: "yield", years: [2040]) { trials } } }
            """, new { id = api.BatchId })).AssertWellFormedErrors();
        Assert.Equal(["BAD_INPUT"], r.Codes);
    }

    [Fact]
    public async Task Sensitivity_equals_the_engine()
    {
        var s = (await Client.Post("""
            query($id: ID!) { batch(id: $id) { sensitivity(entity: "route:sulfide", metric: "costUsdPerKWh", year: 2030) {
                strategy entity metric year tornado { base parameters { path inputLow inputHigh outputLow outputHigh swing } }
                spearman { trials parameters { path rho count } } } } }
            """, new { id = api.BatchId })).AssertOk().Data["batch"]!["sensitivity"]!;
        var e = Sensitivity.Run(Reference.Model, (ulong)ApiFixture.Seed, ApiFixture.Trials, "route:sulfide", Metric.CostUsdPerKWh, 2030);
        Assert.Null(s["strategy"]); // a file without strategies has no member to name
        Assert.Equal(e.Tornado.Base, s["tornado"]!["base"]!.GetValue<double>());
        Assert.Equal(e.Tornado.Parameters.Select(p => p.Path), s["tornado"]!["parameters"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()));
        Assert.Equal(e.Tornado.Parameters.Select(p => p.Swing), s["tornado"]!["parameters"]!.AsArray().Select(p => p!["swing"]?.GetValue<double>()));
        Assert.Equal(e.Spearman.Trials, s["spearman"]!["trials"]!.GetValue<long>());
        Assert.Equal(e.Spearman.Parameters.Select(p => (p.Path, p.Rho)),
            s["spearman"]!["parameters"]!.AsArray().Select(p => (p!["path"]!.GetValue<string>(), p["rho"]?.GetValue<double>())));
    }

    [Fact]
    public async Task Trial_replay_equals_the_engine()
    {
        var t = (await Client.Post("""
            query($id: ID!) { batch(id: $id) { trial(index: 17) { scenario seed trial modelVersion inputs { path value }
                metrics { entity metric year value } cost: metrics(entity: "route:sulfide", metric: "costUsdPerKWh") { year value } } } }
            """, new { id = api.BatchId })).AssertOk().Data["batch"]!["trial"]!;
        var e = TrialReplay.Run(Reference.Model, (ulong)ApiFixture.Seed, 17);
        Assert.Equal(17, t["trial"]!.GetValue<long>());
        Assert.Equal(e.Inputs.Select(i => (i.Key, i.Value)), t["inputs"]!.AsArray().Select(i => (i!["path"]!.GetValue<string>(), i["value"]!.GetValue<double>())));
        Assert.Equal(e.Metrics.Select(m => m.Value), t["metrics"]!.AsArray().Select(m => m!["value"]?.GetValue<double>()));
        Assert.Equal(6, t["cost"]!.AsArray().Count);

        var r = (await Client.Post("query($id: ID!) { batch(id: $id) { trial(index: 20000) { trial } } }", new { id = api.BatchId })).AssertWellFormedErrors();
        Assert.Equal(["BAD_INPUT"], r.Codes);
    }

    [Fact]
    public async Task Route_region_and_plant_results_come_from_their_grains()
    {
        var d = (await Client.Post("""
            query($id: ID!) {
              batch(id: $id) {
                route(id: "sulfide") { entity name results { batchId final trialsDone
                    series(metric: "costUsdPerKWh", years: [2030]) { entity metric year count mean p50 }
                    milestones { milestone probabilityByEnd } comparisons { b metric year } } }
                region(id: "JP") { entity results { final series(metric: "outputGWh") { year count } } }
                plant(id: "toyota-idemitsu") { entity parameters { path } results { final series { metric } } } }
              scenario(id: "sulfide-vs-oxide") { route(id: "oxide") { results(batchId: $id) { final milestones { milestone } } } } }
            """, new { id = api.BatchId })).AssertOk().Data;
        var route = d["batch"]!["route"]!;
        Assert.True(route["results"]!["final"]!.GetValue<bool>());
        Assert.Equal(ApiFixture.Trials, route["results"]!["trialsDone"]!.GetValue<long>());
        AssertSeries(Reference.Result.Series.Single(s => s is { Entity: "route:sulfide", Metric: "costUsdPerKWh", Year: 2030 }),
            route["results"]!["series"]!.AsArray().Single()!, full: false);
        // sulfide-vs-oxide extends the v2 baseline: v1's four milestones, and processReady where a route's chain has readiness.
        Assert.Equal(Reference.Result.Milestones.Count(m => m.Entity == "route:sulfide"), route["results"]!["milestones"]!.AsArray().Count);
        Assert.Equal(18, route["results"]!["comparisons"]!.AsArray().Count);
        Assert.Equal(6, d["batch"]!["region"]!["results"]!["series"]!.AsArray().Count);
        Assert.Equal(Metrics.Count * 6, d["batch"]!["plant"]!["results"]!["series"]!.AsArray().Count);
        Assert.Equal(Reference.Result.Milestones.Count(m => m.Entity == "route:oxide"), d["scenario"]!["route"]!["results"]!["milestones"]!.AsArray().Count);

        var r = (await Client.Post("{ scenario(id: \"baseline\") { route(id: \"oxide\") { results { final } } } }")).AssertWellFormedErrors();
        Assert.Equal(["BAD_INPUT"], r.Codes);
    }

    [Fact]
    public async Task Batches_is_a_cursor_connection_with_filters()
    {
        var all = (await Client.Post("""
            { batches(first: 1000) { totalCount edges { cursor node { id status scenarioId } } pageInfo { hasNextPage endCursor } } }
            """)).AssertOk().Data["batches"]!;
        int total = all["totalCount"]!.GetValue<int>();
        var edges = all["edges"]!.AsArray();
        Assert.Equal(total, edges.Count);
        Assert.False(all["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Contains(edges, e => e!["node"]!["id"]!.GetValue<string>() == api.BatchId);

        // Page by one, with each page's end cursor and with an edge cursor: the same order.
        var ids = new List<string>();
        string? after = null;
        do
        {
            var page = (await Client.Post("query($after: String) { batches(first: 1, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }",
                new { after })).AssertOk().Data["batches"]!;
            ids.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()));
            Assert.Equal(page["pageInfo"]!["endCursor"]?.GetValue<string>(), page["edges"]!.AsArray().LastOrDefault()?["cursor"]?.GetValue<string>());
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        } while (after is not null);
        Assert.Equal(edges.Select(e => e!["node"]!["id"]!.GetValue<string>()), ids);

        var completed = (await Client.Post("{ batches(status: COMPLETED, scenarioId: \"sulfide-vs-oxide\") { totalCount edges { node { status scenarioId } } } }"))
            .AssertOk().Data["batches"]!;
        Assert.All(completed["edges"]!.AsArray(), e => Assert.Equal("COMPLETED", e!["node"]!["status"]!.GetValue<string>()));
        Assert.True(completed["totalCount"]!.GetValue<int>() >= 1);

        var r = (await Client.Post("{ batches(after: \"not-a-cursor\") { totalCount } }")).AssertWellFormedErrors();
        Assert.Equal(["BAD_INPUT"], r.Codes);
        r = (await Client.Post("{ batches(first: 5000) { totalCount } }")).AssertWellFormedErrors();
        Assert.Equal(["BAD_INPUT"], r.Codes);
    }

    [Fact]
    public async Task Cluster_lists_silos_and_units_per_silo()
    {
        var d = (await Client.Post("""
            query($id: ID!) { cluster { mode silos { address name hostName status startedAt lastHeartbeat }
                unitsPerSilo(batchId: $id) { silo units trials seconds } chunksPerSilo(batchId: $id) { silo chunks trials } }
              batch(id: $id) { units unitsPerSilo { silo units trials } } }
            """, new { id = api.BatchId })).AssertOk().Data;
        Assert.Equal("embedded", d["cluster"]!["mode"]!.GetValue<string>());
        var silos = d["cluster"]!["silos"]!.AsArray();
        Assert.Contains(silos, s => s!["status"]!.GetValue<string>() == "Active");
        var runs = d["cluster"]!["unitsPerSilo"]!.AsArray();
        Assert.Equal(ApiFixture.Trials, runs.Sum(r => r!["trials"]!.GetValue<long>()));
        Assert.Equal(d["batch"]!["units"]!.GetValue<int>(), runs.Sum(r => r!["units"]!.GetValue<int>()));
        Assert.All(runs, r => Assert.Contains(silos, s => s!["address"]!.GetValue<string>() == r!["silo"]!.GetValue<string>()));
        Assert.Equal(runs.Count, d["batch"]!["unitsPerSilo"]!.AsArray().Count);
        // The deprecated name answers the same for one release.
        var old = d["cluster"]!["chunksPerSilo"]!.AsArray();
        Assert.Equal(runs.Select(r => r!["units"]!.GetValue<int>()), old.Select(r => r!["chunks"]!.GetValue<int>()));
    }

    private static string SeriesQuery(string arguments) => $$"""
        query($id: ID!) { batch(id: $id) { series{{arguments}} { entity metric year count mean stdDev min max p5 p10 p25 p50 p75 p90 p95 } } }
        """;

    internal static void AssertSeries(Engine.Results.SeriesStatistics e, JsonNode s, bool full = true)
    {
        Assert.Equal(e.Entity, s["entity"]!.GetValue<string>());
        Assert.Equal(e.Metric, s["metric"]!.GetValue<string>());
        Assert.Equal(e.Year, s["year"]!.GetValue<int>());
        Assert.Equal(e.Count, s["count"]!.GetValue<long>());
        EngineReference.AssertClose(e.Mean, s["mean"]?.GetValue<double>());
        Assert.Equal(e.P50, s["p50"]?.GetValue<double>());
        if (!full) return;
        EngineReference.AssertClose(e.StdDev, s["stdDev"]?.GetValue<double>());
        Assert.Equal(e.Min, s["min"]?.GetValue<double>());
        Assert.Equal(e.Max, s["max"]?.GetValue<double>());
        Assert.Equal([e.P5, e.P10, e.P25, e.P75, e.P90, e.P95],
            new[] { "p5", "p10", "p25", "p75", "p90", "p95" }.Select(p => s[p]?.GetValue<double>()));
    }

    internal static void AssertComparison(Engine.Results.ComparisonResult e, JsonNode c)
    {
        Assert.Equal((e.A, e.B, e.Metric, e.Year, e.Count),
            (c["a"]!.GetValue<string>(), c["b"]!.GetValue<string>(), c["metric"]!.GetValue<string>(), c["year"]!.GetValue<int>(), c["count"]!.GetValue<long>()));
        Assert.Equal(e.ProbabilityALessThanB, c["probabilityALessThanB"]?.GetValue<double>());
        EngineReference.AssertClose(e.DeltaMean, c["deltaMean"]?.GetValue<double>());
        Assert.Equal([e.DeltaP10, e.DeltaP50, e.DeltaP90], new[] { "deltaP10", "deltaP50", "deltaP90" }.Select(p => c[p]?.GetValue<double>()));
    }
}
