using System.Text.Json.Nodes;

namespace ScenarioGrid.Api.Tests.Subscriptions;

/// <summary>
/// The graphql-transport-ws rules (graphql-ws PROTOCOL.md) as a client that breaks them sees them: the close codes,
/// ping/pong, errors for documents that do not validate, the per-connection limit, and queries over the socket.
/// </summary>
[Collection("sockets")]
public sealed class TransportWsProtocolTests(SocketApi api)
{
    private const string Progress = "subscription($id: ID!) { batchProgress(id: $id) { batchId status trialsDone final } }";

    [Fact]
    public async Task Init_is_acknowledged_and_ping_gets_pong()
    {
        await using var socket = await TransportWsSocket.Connect(api.Url);
        Assert.Equal("graphql-transport-ws", socket.SubProtocol);
        await socket.Init();
        await socket.Send(new { type = "ping" });
        Assert.Equal("pong", (await socket.Receive())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_without_the_subprotocol_is_closed_with_4406()
    {
        await using var socket = await TransportWsSocket.Connect(api.Url, subProtocol: null);
        Assert.Equal(4406, (await socket.Closed()).Code);
    }

    [Fact]
    public async Task No_connection_init_within_the_timeout_closes_with_4408()
    {
        await using var socket = await TransportWsSocket.Connect(api.Url);
        var (code, reason) = await socket.Closed(TimeSpan.FromSeconds(30));
        Assert.Equal(4408, code);
        Assert.Contains("timeout", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_second_connection_init_closes_with_4429()
    {
        await using var socket = await TransportWsSocket.Connect(api.Url);
        await socket.Init();
        await socket.Send(new { type = "connection_init" });
        Assert.Equal(4429, (await socket.Closed()).Code);
    }

    [Fact]
    public async Task Subscribe_before_the_ack_closes_with_4401()
    {
        await using var socket = await TransportWsSocket.Connect(api.Url);
        await socket.Subscribe("1", "{ scenarios { id } }");
        Assert.Equal(4401, (await socket.Closed()).Code);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"type\":\"next\",\"id\":\"1\"}")]
    [InlineData("{\"id\":\"1\",\"type\":\"subscribe\"}")]
    public async Task An_invalid_message_closes_with_4400(string message)
    {
        await using var socket = await TransportWsSocket.Connect(api.Url);
        await socket.Init();
        await socket.SendText(message);
        Assert.Equal(4400, (await socket.Closed()).Code);
    }

    [Fact]
    public async Task An_id_in_use_closes_with_4409()
    {
        string batch = await api.LongBatch();
        try
        {
            await using var socket = await TransportWsSocket.Connect(api.Url);
            await socket.Init();
            await socket.Subscribe("same", Progress, new { id = batch });
            Assert.Equal("next", (await socket.Receive())!["type"]!.GetValue<string>());
            await socket.Subscribe("same", Progress, new { id = batch });
            var (code, reason) = await socket.Closed();
            Assert.Equal(4409, code);
            Assert.Contains("same", reason);
        }
        finally
        {
            await api.Cancel(batch);
        }
    }

    [Fact]
    public async Task A_document_that_does_not_validate_gets_an_error_message_and_the_connection_goes_on()
    {
        await using var socket = await TransportWsSocket.Connect(api.Url);
        await socket.Init();
        await socket.Subscribe("bad", "subscription { batchProgress(id: \"x\") { noSuchField } }");
        var messages = await socket.UntilDone("bad", TimeSpan.FromSeconds(30));
        var error = Assert.Single(messages);
        Assert.Equal("error", error["type"]!.GetValue<string>());
        var errors = Assert.IsType<JsonArray>(error["payload"]);
        Assert.Contains("noSuchField", errors[0]!["message"]!.GetValue<string>());

        await socket.Subscribe("syntax", "subscription {");
        Assert.Equal("error", Assert.Single(await socket.UntilDone("syntax", TimeSpan.FromSeconds(30)))["type"]!.GetValue<string>());

        // Two root fields: a subscription has exactly one.
        await socket.Subscribe("two", "subscription { a: batchProgress(id: \"x\") { final } b: batchProgress(id: \"y\") { final } }");
        Assert.Equal("error", Assert.Single(await socket.UntilDone("two", TimeSpan.FromSeconds(30)))["type"]!.GetValue<string>());

        await socket.Send(new { type = "ping" });
        Assert.Equal("pong", (await socket.Receive())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_batch_or_series_gets_its_error_then_complete()
    {
        await using var socket = await TransportWsSocket.Connect(api.Url);
        await socket.Init();
        await socket.Subscribe("unknown", Progress, new { id = "b-000000000000" });
        var messages = await socket.UntilDone("unknown", TimeSpan.FromSeconds(30));
        Assert.Equal(["next", "complete"], messages.Select(m => m["type"]!.GetValue<string>()));
        Assert.Equal("NOT_FOUND", messages[0]["payload"]!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());

        string batch = await api.Client.Submit("tiny", 1_000, 5);
        await socket.Subscribe("series", "subscription($id: ID!) { batchProgress(id: $id, series: [{entity: \"route:nope\", metric: \"costUsdPerKWh\", year: 2027}]) { final } }",
            new { id = batch });
        messages = await socket.UntilDone("series", TimeSpan.FromSeconds(30));
        var error = messages[0]["payload"]!["errors"]![0]!;
        Assert.Equal("BAD_INPUT", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("route:nope", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_member_the_batch_did_not_run_gets_bad_input_naming_its_members_then_complete()
    {
        var submitted = (await api.Client.Post("""
            mutation { set: submitBatch(scenarioId: "strategies", trials: 100, seed: 3, strategySet: true) { id }
                       single: submitBatch(scenarioId: "strategies", trials: 100, seed: 3, strategy: "lts-2027") { id } }
            """)).AssertOk().Data;
        await using var socket = await TransportWsSocket.Connect(api.Url);
        await socket.Init();
        const string query = "subscription($id: ID!, $m: String) { batchProgress(id: $id, strategy: $m) { final } }";

        await socket.Subscribe("set", query, new { id = submitted["set"]!["id"]!.GetValue<string>(), m = "nope" });
        var messages = await socket.UntilDone("set", TimeSpan.FromSeconds(30));
        Assert.Equal(["next", "complete"], messages.Select(m => m["type"]!.GetValue<string>()));
        var error = messages[0]["payload"]!["errors"]![0]!;
        Assert.Equal("BAD_INPUT", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("'nope'", error["message"]!.GetValue<string>());
        Assert.Contains("base, cn-sulfide-push, jp-alliance, euus-venture, lts-2027", error["message"]!.GetValue<string>());

        // A single run has only the member it ran.
        await socket.Subscribe("single", query, new { id = submitted["single"]!["id"]!.GetValue<string>(), m = "base" });
        messages = await socket.UntilDone("single", TimeSpan.FromSeconds(30));
        Assert.Equal(["next", "complete"], messages.Select(m => m["type"]!.GetValue<string>()));
        error = messages[0]["payload"]!["errors"]![0]!;
        Assert.Equal("BAD_INPUT", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("lts-2027", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task More_operations_than_the_limit_get_an_error_and_a_completed_one_frees_its_place()
    {
        string batch = await api.LongBatch();
        try
        {
            await using var socket = await TransportWsSocket.Connect(api.Url);
            await socket.Init();
            for (int i = 0; i < SocketApi.MaxPerConnection; i++)
            {
                await socket.Subscribe($"s{i}", Progress, new { id = batch });
                Assert.Equal("next", (await NextOf(socket, $"s{i}"))["type"]!.GetValue<string>());
            }
            await socket.Subscribe("over", Progress, new { id = batch });
            var refused = Assert.Single(await socket.UntilDone("over", TimeSpan.FromSeconds(30)));
            Assert.Equal("error", refused["type"]!.GetValue<string>());
            Assert.Equal("TOO_MANY_OPERATIONS", refused["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
            Assert.Contains("Api:Subscriptions:MaxPerConnection", refused["payload"]![0]!["message"]!.GetValue<string>());

            await socket.Send(new { id = "s0", type = "complete" });
            await Retry(async () =>
            {
                await socket.Subscribe("again", Progress, new { id = batch });
                var first = await NextOf(socket, "again");
                return first["type"]!.GetValue<string>() == "next";
            });
        }
        finally
        {
            await api.Cancel(batch);
        }
    }

    [Fact]
    public async Task Queries_and_mutations_run_over_the_socket_too()
    {
        await using var socket = await TransportWsSocket.Connect(api.Url);
        await socket.Init();
        await socket.Subscribe("q", "{ scenario(id: \"tiny\") { id } }");
        var messages = await socket.UntilDone("q", TimeSpan.FromSeconds(30));
        Assert.Equal(["next", "complete"], messages.Select(m => m["type"]!.GetValue<string>()));
        Assert.Equal("tiny", messages[0]["payload"]!["data"]!["scenario"]!["id"]!.GetValue<string>());

        await socket.Subscribe("m", "mutation { submitBatch(scenarioId: \"tiny\", trials: 1000, seed: 3) { id trials } }");
        messages = await socket.UntilDone("m", TimeSpan.FromSeconds(30));
        Assert.Equal(1000, messages[0]["payload"]!["data"]!["submitBatch"]!["trials"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_subscription_over_http_is_refused_with_the_way_to_the_socket()
    {
        var r = await api.Client.Post(Progress, new { id = "b-000000000000" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, r.Status);
        Assert.Equal(["SUBSCRIPTION_OVER_HTTP"], r.Codes);
        Assert.Contains("graphql-transport-ws", r.Errors[0]!["message"]!.GetValue<string>());
    }

    private static async Task<JsonNode> NextOf(TransportWsSocket socket, string id)
    {
        while (true)
        {
            var m = await socket.Receive() ?? throw new Xunit.Sdk.XunitException("the server closed the socket");
            if (m["id"]?.GetValue<string>() == id) return m;
        }
    }

    /// <summary>The server frees an operation's place just after the client's complete: try a few times.</summary>
    private static async Task Retry(Func<Task<bool>> attempt)
    {
        for (int i = 0; i < 20; i++)
        {
            if (await attempt()) return;
            await Task.Delay(100);
        }
        Assert.Fail("the limit still refused an operation after one completed");
    }
}
