namespace ScenarioGrid.Api.Tests.Subscriptions;

/// <summary>
/// The real API process for the WebSocket tests, with settings the tests count on: 3 operations per connection,
/// connection_init within 1 s, progress asked every 200 ms, checkpoints every 200 ms (running P50s arrive early), one
/// simulation slot (a long batch leaves the machine a core), and the progress streams' end logged.
/// </summary>
public sealed class SocketApi : IAsyncLifetime
{
    public const int MaxPerConnection = 3;

    private readonly ApiProcess _api = new(
        "--Silo:SiloPort", TestPaths.FreePort().ToString(), "--Silo:GatewayPort", TestPaths.FreePort().ToString(),
        "--Silo:ClusterId", "api-ws-" + Guid.NewGuid().ToString("N")[..8],
        "--Api:Subscriptions:MaxPerConnection", MaxPerConnection.ToString(),
        "--Api:Subscriptions:ConnectionInitTimeout", "00:00:01",
        "--Api:Subscriptions:ProgressInterval", "00:00:00.2",
        "--Batches:CheckpointInterval", "00:00:00.2",
        "--Batches:SlotsPerSilo", "1",
        "--Logging:LogLevel:ScenarioGrid.Api.Services.ProgressWatcher", "Debug");

    public string Url => _api.Url;
    internal GraphQLClient Client => _api.Client;
    public string Output => _api.Output;

    /// <summary>tiny (model v1: fast work units) with uncertain sulfide costs (Subscriptions/tiny-uncertain.yaml).</summary>
    public const string UncertainScenario = "tiny-uncertain";

    public async Task InitializeAsync()
    {
        await _api.InitializeAsync();
        await Client.CreateScenario(Path.Combine(TestPaths.RepoRoot(), "tests", "Api.Tests", "Subscriptions", "tiny-uncertain.yaml"));
    }

    public Task DisposeAsync() => _api.DisposeAsync();

    /// <summary>A batch that runs far longer than any test (50M trials): cancel it when done with it.</summary>
    internal Task<string> LongBatch() => Client.Submit("sulfide-vs-oxide", 50_000_000, 11);

    internal async Task Cancel(string batchId) =>
        (await Client.Post("mutation($id: ID!) { cancelBatch(id: $id) { id } }", new { id = batchId })).AssertOk();

    /// <summary>Waits until the API's log has a line with every one of <paramref name="parts"/>.</summary>
    public async Task<string> LogLine(TimeSpan timeout, params string[] parts)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            string? line = Output.Split('\n').FirstOrDefault(l => parts.All(l.Contains));
            if (line is not null) return line;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no log line with {string.Join(" + ", parts)}:\n{Output}");
            await Task.Delay(100);
        }
    }
}

[CollectionDefinition("sockets")]
public sealed class SocketCollection : ICollectionFixture<SocketApi>;
