using System.Text.Json.Nodes;
using PuppeteerSharp;
using ScenarioGrid.Grains;
using ScenarioGrid.Persistence;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>
/// A real API process (Kestrel on a loopback port, embedded silo, temporary SQLite file, shipped scenarios stored
/// by its first run) with the batches the dashboard tests look at, and one headless Chromium. Batches:
/// a completed sulfide-vs-oxide batch; a completed batch of <c>never-produces</c> (a route no plant builds: null
/// statistics); a FAILED batch as the database records one; model v2: a single batch of the v2 baseline, a
/// strategy-set batch of <c>tests/Engine.Tests/Process/tiny-v2.yaml</c> and one of the shipped <c>strategies</c> (five
/// members, listed comparisons). Tests open their own pages and only read these.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const long Trials = 4_000;
    public const long Seed = 7;
    public const string FailedError = "worker lost: the dashboard test's failed batch";
    public const long V2Trials = 2_000;
    public const long SetTrials = 64;
    public const long StrategiesTrials = 64;

    public ApiProcess Api { get; } = new();
    public IBrowser? Browser { get; private set; }
    public string BatchId { get; private set; } = "";
    public string NeverProducesBatchId { get; private set; } = "";
    public string FailedBatchId { get; } = "b-failed0000001";
    /// <summary>Model v2: the baseline (chains, options) as one run.</summary>
    public string V2BatchId { get; private set; } = "";
    /// <summary>Model v2: every member of tiny-v2's strategy set (base, early-sinter) in one batch.</summary>
    public string SetBatchId { get; private set; } = "";
    /// <summary>Model v2: every member of the shipped <c>strategies</c> (base and four strategies), each with the file's listed comparisons.</summary>
    public string StrategiesBatchId { get; private set; } = "";

    internal GraphQLClient Client => Api.Client;

    public async Task InitializeAsync()
    {
        if (Chromium.Path is null) return; // every test skips; no server needed
        await Api.InitializeAsync();
        try
        {
            await StoreBatches();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"the dashboard's batches could not be stored: {e.Message}\nAPI output:\n{Api.Output}", e);
        }

        Browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--font-render-hinting=none"],
        });
    }

    private async Task StoreBatches()
    {
        await WaitForShippedScenarios("tiny", "baseline", "sulfide-vs-oxide", "strategies");
        await Client.CreateScenario(Path.Combine(AppContext.BaseDirectory, "Dashboard", "never-produces.yaml"));
        BatchId = await Client.Submit("sulfide-vs-oxide", Trials, Seed);
        NeverProducesBatchId = await Client.Submit("never-produces", 2_000, Seed);
        V2BatchId = await Client.Submit("baseline", V2Trials, Seed);
        await Client.CreateScenario(Path.Combine(TestPaths.RepoRoot(), "tests", "Engine.Tests", "Process", "tiny-v2.yaml"));
        SetBatchId = (await Query("mutation($t: Long!, $seed: Long!) { submitBatch(scenarioId: \"tiny-v2\", trials: $t, seed: $seed, strategySet: true) { id } }",
            new { t = SetTrials, seed = Seed }))["submitBatch"]!["id"]!.GetValue<string>();
        StrategiesBatchId = (await Query("mutation($t: Long!, $seed: Long!) { submitBatch(scenarioId: \"strategies\", trials: $t, seed: $seed, strategySet: true) { id } }",
            new { t = StrategiesTrials, seed = Seed }))["submitBatch"]!["id"]!.GetValue<string>();
        foreach (string id in (string[])[BatchId, NeverProducesBatchId, V2BatchId, SetBatchId, StrategiesBatchId])
            Assert.Equal("COMPLETED", (await Client.WaitUntilFinished(id, TimeSpan.FromSeconds(120)))["status"]!.GetValue<string>());
        await StoreFailedBatch();
    }

    /// <summary>
    /// The API answers once Kestrel listens, which is before the first-run seeder (a lifecycle service's
    /// StartedAsync) has stored every shipped scenario: v2 validation takes seconds, more on a loaded machine, and a
    /// scenario stored before the seeder looks would make it skip the shipped set. So nothing is stored until they are.
    /// </summary>
    private async Task WaitForShippedScenarios(params string[] ids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var listed = (await Query("{ scenarios { id } }"))["scenarios"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToHashSet();
            if (ids.All(listed.Contains)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"shipped scenarios not stored: {string.Join(", ", ids.Except(listed))}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A batch that failed, written as the batch grain would have left its row. A real failure cannot be provoked
    /// through the public API on purpose, and the dashboard only reads the row (its status and error) through GraphQL.
    /// </summary>
    private async Task StoreFailedBatch()
    {
        var completed = (await Client.Post("query($id: ID!) { batch(id: $id) { scenarioSha256 } }", new { id = BatchId })).AssertOk();
        string sha = completed.Data["batch"]!["scenarioSha256"]!.GetValue<string>();
        var now = DateTimeOffset.UtcNow;
        var failed = new BatchRecord(FailedBatchId, "sulfide-vs-oxide", sha, Seed: 3, Trials: 50_000, ChunkSize: 1024, UnitTrials: 25_000,
            BatchStatus.Failed, TrialsDone: 25_000, now.AddSeconds(-3), now.AddSeconds(-2), now, FailedError,
            Engine.Results.ResultBuilder.ModelVersion, Engine.Results.ResultBuilder.SoftwareVersion);
        Assert.True(await new BatchStore(new ScenarioGridDatabase(Api.DatabasePath)).Create(failed));
    }

    public async Task<JsonNode> Query(string query, object? variables = null) => (await Client.Post(query, variables)).AssertOk().Data;

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        await Api.DisposeAsync();
    }
}

[CollectionDefinition("dashboard")]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>;
