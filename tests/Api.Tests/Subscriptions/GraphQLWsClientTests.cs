using System.Text.Json.Nodes;

namespace ScenarioGrid.Api.Tests.Subscriptions;

/// <summary>
/// batchProgress with the reference client, graphql-ws 6.4.2 in node: a real batch streamed to its end, and a client
/// that leaves mid-stream.
/// </summary>
[Collection("sockets")]
public sealed class GraphQLWsClientTests(SocketApi api)
{
    private const string Query = """
        subscription($id: ID!) {
          batchProgress(id: $id, series: [{entity: "route:sulfide", metric: "costUsdPerKWh", year: 2027}]) {
            batchId status trials trialsDone progress trialsPerSecond etaSeconds final
            series { entity metric year trialsDone count p50 }
          }
        }
        """;

    [Fact]
    public async Task A_batch_streams_its_progress_and_running_p50_to_the_end_then_completes()
    {
        const long trials = 2_000_000;
        string batch = await api.Client.Submit(SocketApi.UncertainScenario, trials, 42);
        var events = await NodeClients.Run(TimeSpan.FromMinutes(5), "client.mjs", "stream", WsUrl, Query, $"{{\"id\":\"{batch}\"}}");

        var progress = events.Where(e => e["next"] is not null).Select(e => e["next"]!["data"]!["batchProgress"]!).ToList();
        Assert.True(events.Any(e => e["complete"]?.GetValue<bool>() == true), string.Join('\n', events));
        Assert.DoesNotContain(events, e => e["error"] is not null);
        Assert.True(progress.Count >= 2, $"a first message and a final one at least: {string.Join('\n', events)}");

        var done = progress.Select(p => p["trialsDone"]!.GetValue<long>()).ToList();
        Assert.Equal(done.Order(), done); // never goes back
        Assert.All(progress.SkipLast(1), p => Assert.False(p["final"]!.GetValue<bool>()));

        var last = progress[^1];
        Assert.True(last["final"]!.GetValue<bool>());
        Assert.Equal("COMPLETED", last["status"]!.GetValue<string>());
        Assert.Equal(trials, last["trialsDone"]!.GetValue<long>());
        Assert.Equal(0, last["etaSeconds"]!.GetValue<double>());

        // The final P50 is the stored one, as the batch's series field serves it over HTTP.
        var stored = (await api.Client.Post("query($id: ID!) { batch(id: $id) { series(entity: \"route:sulfide\", metric: \"costUsdPerKWh\", years: [2027]) { p50 count } } }",
            new { id = batch })).AssertOk().Data["batch"]!["series"]![0]!;
        double finalP50 = stored["p50"]!.GetValue<double>();
        Assert.Equal(finalP50, last["series"]![0]!["p50"]!.GetValue<double>());
        Assert.Equal(stored["count"]!.GetValue<long>(), last["series"]![0]!["count"]!.GetValue<long>());

        // Checkpoints every 200 ms while the units run one at a time: running P50s arrive before the end, each from a
        // checkpoint no newer than the message, and a median of a unit's trials or more is within 2 % of the final one
        // (its sampling error is far below that; the sketch's buckets are 0.39 % wide).
        var running = progress.SkipLast(1).Select(p => (Done: p["trialsDone"]!.GetValue<long>(), Series: p["series"]![0]!))
            .Where(p => p.Series["p50"] is not null).ToList();
        Assert.True(running.Count > 0, $"no running P50 before the end: {string.Join('\n', events)}");
        Assert.All(running, p =>
        {
            long at = p.Series["trialsDone"]!.GetValue<long>();
            Assert.InRange(at, 1, p.Done);
            Assert.InRange(p.Series["p50"]!.GetValue<double>(), finalP50 * 0.98, finalP50 * 1.02);
        });
    }

    [Fact]
    public async Task A_client_that_closes_the_socket_mid_stream_stops_the_stream_on_the_server()
    {
        string batch = await api.LongBatch();
        try
        {
            var events = await NodeClients.Run(TimeSpan.FromMinutes(2), "client.mjs", "close-after", WsUrl, "1", Query, $"{{\"id\":\"{batch}\"}}");
            Assert.Single(events, e => e["next"] is not null);
            Assert.All(events.Where(e => e["next"] is not null), e => Assert.False(e["next"]!["data"]!["batchProgress"]!["final"]!.GetValue<bool>()));
            // The server saw the socket go and ended the stream: no more grain polls for a subscriber who left.
            string line = await api.LogLine(TimeSpan.FromSeconds(30), $"Progress stream of batch {batch} ended", "the subscriber left");
            Assert.Contains("ended after", line);
        }
        finally
        {
            await api.Cancel(batch);
        }
    }

    private string WsUrl => api.Url.Replace("http://", "ws://") + "/graphql";
}
