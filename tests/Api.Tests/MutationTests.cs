using ScenarioGrid.Engine.Loading;

namespace ScenarioGrid.Api.Tests;

[Collection("api")]
public sealed class MutationTests(ApiFixture api)
{
    private GraphQLClient Client => api.Client;

    private const string Create = "mutation($yaml: String!, $fileName: String) { createScenario(yaml: $yaml, fileName: $fileName) { id sha256 fileName } }";

    [Fact]
    public async Task CreateScenario_returns_every_validation_error_with_its_position_and_rule()
    {
        string yaml = (await File.ReadAllTextAsync(TestPaths.Scenario("tiny.yaml")))
            .Replace("start: 2025", "start: 1900", StringComparison.Ordinal);
        yaml += "\nunknownKey: 1\n";
        var expected = Assert.Throws<ScenarioValidationException>(() => ScenarioLoader.Load(yaml, "broken.yaml", _ => null)).Errors;
        Assert.True(expected.Count >= 2);

        var r = (await Client.Post(Create, new { yaml, fileName = "broken.yaml" })).AssertWellFormedErrors();
        Assert.Equal(System.Net.HttpStatusCode.OK, r.Status);
        Assert.Null(r.Data["createScenario"]);
        Assert.Equal(expected.Count, r.Errors.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var x = r.Errors[i]!["extensions"]!;
            Assert.Equal("VALIDATION", x["code"]!.GetValue<string>());
            Assert.Equal(expected[i].File, x["file"]!.GetValue<string>());
            Assert.Equal(expected[i].Line, x["line"]!.GetValue<int>());
            Assert.Equal(expected[i].Column, x["column"]!.GetValue<int>());
            Assert.Equal(expected[i].Path, x["path"]!.GetValue<string>());
            Assert.Equal(expected[i].Value, x["value"]?.GetValue<string>());
            Assert.Equal(expected[i].Rule, x["rule"]!.GetValue<string>());
            Assert.Equal("createScenario", r.Errors[i]!["path"]![0]!.GetValue<string>());
        }
        await Client.AssertStillServing();
    }

    [Fact]
    public async Task CreateScenario_resolves_extends_from_stored_scenarios_and_is_idempotent()
    {
        string yaml = await File.ReadAllTextAsync(TestPaths.Scenario("dry-room-shock.yaml"));
        var first = (await Client.Post(Create, new { yaml, fileName = "dry-room-shock.yaml" })).AssertOk().Data["createScenario"]!;
        var again = (await Client.Post(Create, new { yaml, fileName = "dry-room-shock.yaml" })).AssertOk().Data["createScenario"]!;
        Assert.Equal(ScenarioLoader.LoadFile(TestPaths.Scenario("dry-room-shock.yaml")).Sha256, first["sha256"]!.GetValue<string>());
        Assert.Equal(first["sha256"]!.GetValue<string>(), again["sha256"]!.GetValue<string>());

        var orphan = (await Client.Post(Create, new { yaml = yaml.Replace("extends: baseline", "extends: no-such-parent", StringComparison.Ordinal) }))
            .AssertWellFormedErrors();
        Assert.Equal(["VALIDATION"], orphan.Codes);
        Assert.Equal("extends", orphan.Errors[0]!["extensions"]!["path"]!.GetValue<string>());
        Assert.Equal("scenario.yaml", orphan.Errors[0]!["extensions"]!["file"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubmitBatch_checks_its_arguments()
    {
        const string submit = "mutation($s: ID!, $t: Long!, $seed: Long!, $c: Int!) { submitBatch(scenarioId: $s, trials: $t, seed: $seed, chunkSize: $c) { id } }";
        var cases = new (object Variables, string Code)[]
        {
            (new { s = "nope", t = 10, seed = 1, c = 1024 }, "NOT_FOUND"),
            (new { s = "baseline", t = 0, seed = 1, c = 1024 }, "BAD_INPUT"),
            (new { s = "baseline", t = 10, seed = -1, c = 1024 }, "BAD_INPUT"),
            (new { s = "baseline", t = 10, seed = 1L << 53, c = 1024 }, "BAD_INPUT"),
            (new { s = "baseline", t = 10, seed = 1, c = 0 }, "BAD_INPUT"),
        };
        foreach (var (variables, code) in cases)
        {
            var r = (await Client.Post(submit, variables)).AssertWellFormedErrors();
            Assert.Equal([code], r.Codes);
            Assert.Null(r.Data["submitBatch"]);
        }
        await Client.AssertStillServing();
    }

    [Fact]
    public async Task A_running_batch_has_no_results_yet_and_cancelBatch_stops_it()
    {
        string id = await Client.Submit("baseline", 500_000_000, 7);
        var running = (await Client.Post("query($id: ID!) { batch(id: $id) { status trials series(entity: \"world\") { year } } }", new { id }))
            .AssertWellFormedErrors();
        Assert.Equal(["NOT_READY"], running.Codes);
        Assert.Null(running.Data["batch"]!["series"]);
        Assert.Contains(running.Data["batch"]!["status"]!.GetValue<string>(), new[] { "QUEUED", "RUNNING" });

        var cancelled = (await Client.Post("mutation($id: ID!) { cancelBatch(id: $id) { id cancelRequested status } }", new { id })).AssertOk();
        Assert.True(cancelled.Data["cancelBatch"]!["cancelRequested"]!.GetValue<bool>());
        var end = await Client.WaitUntilFinished(id, TimeSpan.FromSeconds(30));
        Assert.Equal("CANCELLED", end["status"]!.GetValue<string>());

        var finished = (await Client.Post("mutation($id: ID!) { cancelBatch(id: $id) { status } }", new { id = api.BatchId })).AssertOk();
        Assert.Equal("COMPLETED", finished.Data["cancelBatch"]!["status"]!.GetValue<string>());
        var unknown = (await Client.Post("mutation { cancelBatch(id: \"b-nope\") { status } }")).AssertWellFormedErrors();
        Assert.Equal(["NOT_FOUND"], unknown.Codes);
    }

    private const string SubmitUntil = """
        mutation($until: UntilInput!) {
          submitBatch(scenarioId: "baseline", trials: 500000000, seed: 3, priority: OVERNIGHT, until: $until) {
            id status priority until { minUnits targets { statistic entity b metric year halfWidth } } } }
        """;

    [Fact]
    public async Task SubmitBatch_refuses_a_stop_rule_the_scenario_cannot_answer_with_the_reason()
    {
        var cases = new (object Until, string Message)[]
        {
            (new { p50 = new[] { new { entity = "route:nothing", metric = "costUsdPerKWh", year = 2030, relativeHalfWidth = 0.01 } } }, "unknown entity 'route:nothing'"),
            (new { p50 = new[] { new { entity = "route:sulfide", metric = "costUsdPerKWh", year = 2040, relativeHalfWidth = 0.01 } } }, "year 2040 is outside the horizon"),
            (new { p50 = new[] { new { entity = "route:sulfide", metric = "costUsdPerKWh", year = 2030, relativeHalfWidth = 0.0 } } }, "must be a positive number"),
            (new { probabilityALessThanB = new[] { new { a = "route:sulfide", b = "route:oxide", metric = "costUsdPerKWh", year = 2030, absoluteHalfWidth = 0.01 } } },
                "lists no comparison route:sulfide vs route:oxide"),
            (new { probabilityALessThanB = new[] { new { a = "route:sulfide", b = "benchmark", metric = "costUsdPerKWh", year = 2030, absoluteHalfWidth = 1.5 } } },
                "must be below 1"),
            (new { minUnits = 5 }, "at least one target"),
        };
        foreach (var (until, message) in cases)
        {
            var r = (await Client.Post(SubmitUntil, new { until })).AssertWellFormedErrors();
            Assert.Equal(["BAD_INPUT"], r.Codes);
            Assert.Contains(message, r.Errors[0]!["message"]!.GetValue<string>());
            Assert.Null(r.Data["submitBatch"]);
        }
    }

    [Fact]
    public async Task A_batch_can_be_paused_listed_as_paused_resumed_and_cancelled_and_shows_its_priority_and_rule()
    {
        var until = new { p50 = new[] { new { entity = "route:sulfide", metric = "costUsdPerKWh", year = 2030, relativeHalfWidth = 1e-9 } }, minUnits = 20 };
        var submitted = (await Client.Post(SubmitUntil, new { until })).AssertOk().Data["submitBatch"]!;
        string id = submitted["id"]!.GetValue<string>();
        Assert.Equal("OVERNIGHT", submitted["priority"]!.GetValue<string>());
        Assert.Equal(20, submitted["until"]!["minUnits"]!.GetValue<int>());
        var target = submitted["until"]!["targets"]![0]!;
        Assert.Equal(("P50", "route:sulfide", 2030, 1e-9), (target["statistic"]!.GetValue<string>(), target["entity"]!.GetValue<string>(),
            target["year"]!.GetValue<int>(), target["halfWidth"]!.GetValue<double>()));

        var paused = (await Client.Post("mutation($id: ID!) { pauseBatch(id: $id) { status converged } }", new { id })).AssertOk().Data["pauseBatch"]!;
        Assert.Equal("PAUSED", paused["status"]!.GetValue<string>());
        var list = (await Client.Post("{ batches(status: PAUSED, first: 100) { edges { node { id status } } } }")).AssertOk();
        Assert.Contains(list.Data["batches"]!["edges"]!.AsArray(), e => e!["node"]!["id"]!.GetValue<string>() == id);
        // Pausing a paused batch leaves it as it is.
        Assert.Equal("PAUSED", (await Client.Post("mutation($id: ID!) { pauseBatch(id: $id) { status } }", new { id })).AssertOk()
            .Data["pauseBatch"]!["status"]!.GetValue<string>());

        var resumed = (await Client.Post("mutation($id: ID!) { resumeBatch(id: $id) { status } }", new { id })).AssertOk().Data["resumeBatch"]!;
        Assert.Contains(resumed["status"]!.GetValue<string>(), new[] { "QUEUED", "RUNNING" });
        (await Client.Post("mutation($id: ID!) { cancelBatch(id: $id) { status } }", new { id })).AssertOk();
        var end = await Client.WaitUntilFinished(id, TimeSpan.FromSeconds(60));
        Assert.Equal("CANCELLED", end["status"]!.GetValue<string>());

        // A finished batch is neither paused nor resumed.
        var done = (await Client.Post("mutation($id: ID!) { pauseBatch(id: $id) { status } }", new { id = api.BatchId })).AssertOk();
        Assert.Equal("COMPLETED", done.Data["pauseBatch"]!["status"]!.GetValue<string>());
        var unknown = (await Client.Post("mutation { resumeBatch(id: \"b-nope\") { status } }")).AssertWellFormedErrors();
        Assert.Equal(["NOT_FOUND"], unknown.Codes);
    }
}
