using ScenarioGrid.Engine.Results;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Tests;

/// <summary>The real API process: a batch submitted over HTTP (and one through the CLI's --server) against the engine run here.</summary>
public sealed class EndToEndTests(ApiProcess api) : IClassFixture<ApiProcess>
{
    [Fact]
    public async Task A_batch_submitted_over_http_has_the_series_of_the_engine_run_in_process()
    {
        const long trials = 50_000, seed = 42;
        await api.Client.CreateScenario(TestPaths.Scenario("baseline.yaml"));
        await api.Client.CreateScenario(TestPaths.Scenario("sulfide-vs-oxide.yaml"));
        string id = await api.Client.Submit("sulfide-vs-oxide", trials, seed);
        var end = await api.Client.WaitUntilFinished(id, TimeSpan.FromSeconds(120));
        Assert.Equal("COMPLETED", end["status"]!.GetValue<string>());

        var served = (await api.Client.Post("""
            query($id: ID!) { batch(id: $id) { series { entity metric year count mean stdDev min max p5 p10 p25 p50 p75 p90 p95 } } }
            """, new { id })).AssertOk().Data["batch"]!["series"]!.AsArray();
        var expected = EngineReference.Run("sulfide-vs-oxide.yaml", seed, trials).Result.Series;
        Assert.Equal(expected.Count, served.Count);
        for (int i = 0; i < expected.Count; i++) QueryTests.AssertSeries(expected[i], served[i]!);
    }

    [Fact]
    public async Task The_cli_submits_watches_and_fetches_the_same_json_document_the_database_holds()
    {
        var submit = Cli("submit", TestPaths.Scenario("sulfide-vs-oxide.yaml"), "--trials", "20000", "--seed", "7", "--server", api.Url);
        Assert.True(submit.Exit == 0, submit.Err);
        string id = submit.Out.Split('\n')[0].Trim()["batch ".Length..];

        var watch = Cli("watch", id, "--server", api.Url);
        Assert.True(watch.Exit == 0, watch.Err + watch.Out);
        Assert.Contains($"batch {id} completed", watch.Out);

        var status = Cli("status", id, "--server", api.Url);
        Assert.Equal(0, status.Exit);
        Assert.Contains("completed", status.Out);
        Assert.Contains("20,000 / 20,000", status.Out);

        string json = Path.Combine(api.Folder, "remote.json");
        var results = Cli("results", id, "--server", api.Url, "--json", json);
        Assert.True(results.Exit == 0, results.Err);
        var stored = new ResultQueries(new ScenarioGridDatabase(api.DatabasePath)).Document(id)!;
        Assert.Equal(ResultJson.ToJson(stored), await File.ReadAllTextAsync(json));

        var missing = Cli("status", "b-nope", "--server", api.Url);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("NOT_FOUND", missing.Err);
    }

    /// <summary>
    /// Model v2 through the CLI's --server: a strategy set (submit --strategies) and one member (submit --strategy), watched
    /// to the end; results --json writes exactly the documents the database holds (the set's: members and strategy comparisons).
    /// </summary>
    [Fact]
    public async Task The_cli_submits_a_strategy_set_and_a_member_and_fetches_their_documents()
    {
        var database = new ResultQueries(new ScenarioGridDatabase(api.DatabasePath));
        foreach (var (flags, read) in new (string[], Func<string, string>)[]
        {
            (["--strategies"], id => ResultJson.ToJson(database.SetDocument(id)!)),
            (["--strategy", "lts-2027"], id => ResultJson.ToJson(database.Document(id)!)),
        })
        {
            var submit = Cli(["submit", TestPaths.Scenario("strategies.yaml"), "--trials", "64", "--seed", "3", .. flags, "--server", api.Url]);
            Assert.True(submit.Exit == 0, submit.Err);
            string id = submit.Out.Split('\n')[0].Trim()["batch ".Length..];
            var watch = Cli("watch", id, "--server", api.Url);
            Assert.True(watch.Exit == 0, watch.Err + watch.Out);

            string json = Path.Combine(api.Folder, $"remote-{id}.json");
            var results = Cli("results", id, "--server", api.Url, "--json", json);
            Assert.True(results.Exit == 0, $"exit {results.Exit}: {results.Err}");
            Assert.Equal(read(id), await File.ReadAllTextAsync(json));
        }
    }

    private static (int Exit, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);
}
