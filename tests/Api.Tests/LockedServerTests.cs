using System.Net;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// A server with an API key, a 64 KB body limit and a 5 s execution timeout. 5 s, not less: the other test classes
/// run beside this one on 2 cores (batches, exports, trial samples), and a plain query on a fresh server once took
/// over 1 s under that load. `compare` is allowed 50M trials here, so the timeout test's request still takes far
/// longer than the timeout.
/// </summary>
public sealed class LockedServer : IAsyncLifetime
{
    public const string Key = "s3cret-key";

    public ApiFactory Factory { get; } = new(new Dictionary<string, string>
    {
        ["Api:ApiKey"] = Key,
        ["Api:MaxRequestBytes"] = "65536",
        ["Api:ExecutionTimeout"] = "00:00:05",
        ["Api:CompareMaxTrials"] = "50000000",
    });

    internal GraphQLClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Factory.Client();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

public sealed class LockedServerTests(LockedServer server) : IClassFixture<LockedServer>
{
    private GraphQLClient Client => server.Client;
    private const string Cancel = "mutation { cancelBatch(id: \"b-none\") { id } }";

    [Fact]
    public async Task Mutations_need_the_api_key_queries_do_not()
    {
        var r = (await Client.Post(Cancel)).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.Unauthorized, r.Status);
        Assert.Equal(["UNAUTHENTICATED"], r.Codes);
        r = (await Client.Post(Cancel, apiKey: "wrong")).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.Unauthorized, r.Status);
        r = (await Client.Post(Cancel, apiKey: LockedServer.Key)).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal(["NOT_FOUND"], r.Codes);
        (await Client.Post("{ scenarios { id } }")).AssertOk();
    }

    [Fact]
    public async Task The_body_limit_is_configurable()
    {
        var r = (await Client.Post("{ scenarios { id } }", new { pad = new string('x', 70_000) })).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.Status);
        (await Client.Post("{ scenarios { id } }")).AssertOk();
    }

    [Fact]
    public async Task A_request_running_past_the_execution_timeout_gets_a_timeout_error()
    {
        await Client.CreateScenario(TestPaths.Scenario("baseline.yaml"), LockedServer.Key);
        string id = await Client.Submit("baseline", 200_000_000, 3, LockedServer.Key);
        (await Client.Post("mutation($id: ID!) { cancelBatch(id: $id) { id } }", new { id }, apiKey: LockedServer.Key)).AssertOk();
        // compare re-runs the engine over min(trials, 50,000,000) trials: minutes here, far past the 5 s timeout.
        var r = (await Client.Post("""
            query($id: ID!) { batch(id: $id) { compare(a: "route:sulfide", b: "world", metric: "costUsdPerKWh") { trials } } }
            """, new { id })).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.GatewayTimeout, r.Status);
        Assert.Equal(["TIMEOUT"], r.Codes);
        (await Client.Post("{ scenarios { id } }")).AssertOk();
    }
}
