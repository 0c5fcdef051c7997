using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// The API in process (TestServer) with its embedded silo on free ports and its own temporary database, which
/// gets the shipped scenarios at start unless the settings say <c>Silo:SeedScenarios=false</c>.
/// Settings are host settings, so Program.cs sees them while it composes the app.
/// </summary>
public sealed class ApiFactory(IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public string Folder { get; } = TestPaths.TempFolder();
    public string DatabasePath => Path.Combine(Folder, "api.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Api:DatabasePath", DatabasePath);
        builder.UseSetting("Silo:SiloPort", TestPaths.FreePort().ToString());
        builder.UseSetting("Silo:GatewayPort", TestPaths.FreePort().ToString());
        builder.UseSetting("Silo:ClusterId", "api-tests-" + Guid.NewGuid().ToString("N")[..8]);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }

    internal GraphQLClient Client() => new(CreateClient());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>
/// One API with the baseline and sulfide-vs-oxide stored and a completed 20,000-trial batch (seed 42),
/// shared by the query tests (they only read it). The API stored the shipped scenarios at start (first run);
/// storing these two again through createScenario returns the stored copies.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const long Trials = 20_000;
    public const long Seed = 42;

    public ApiFactory Factory { get; } = new();
    internal GraphQLClient Client { get; private set; } = null!;
    public string BatchId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Client = Factory.Client();
        await Client.CreateScenario(TestPaths.Scenario("baseline.yaml"));
        await Client.CreateScenario(TestPaths.Scenario("sulfide-vs-oxide.yaml"));
        BatchId = await Client.Submit("sulfide-vs-oxide", Trials, Seed);
        var batch = await Client.WaitUntilFinished(BatchId, TimeSpan.FromSeconds(60));
        Assert.Equal("COMPLETED", batch["status"]!.GetValue<string>());
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition("api")]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>;
