using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Grains;
using ScenarioGrid.Grains.Batches;
using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Grains.Tests;

/// <summary>In-process Orleans clusters of n silos over one temporary SQLite file, wired as the real silo host.</summary>
internal static class TestClusters
{
    /// <param name="resumeUnfinishedBatches">false as in the CLI's run and cancel: the silos' supervisors resume nothing.</param>
    /// <param name="batches">Batch options beyond the defaults (e.g. frequent checkpoints).</param>
    /// <param name="services">More silo services or options (e.g. Orleans' messaging options).</param>
    public static async Task<InProcessTestCluster> StartAsync(int silos, string databasePath, bool resumeUnfinishedBatches = true,
        Action<BatchOptions>? batches = null, Action<IServiceCollection>? services = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddScenarioGridSiloServices(databasePath, resumeUnfinishedBatches);
            if (batches is not null) host.Services.Configure(batches);
            services?.Invoke(host.Services);
            if (Environment.GetEnvironmentVariable("SCENARIOGRID_TEST_LOG") is not null)
                host.Logging.AddSimpleConsole(c => c.SingleLine = true).AddFilter("Orleans", LogLevel.Warning);
        });
        builder.ConfigureSilo((_, silo) => silo.AddScenarioGridGrains());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static string TempDatabase() =>
        Path.Combine(Path.GetTempPath(), "scenariogrid-tests", Guid.NewGuid().ToString("N"), "scenariogrid.db");

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ScenarioGrid.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>Stores a scenario file (with its ancestors) through the catalog grain, as the CLI does; returns its sha256.</summary>
    /// <summary>
    /// The v1 copies of the shipped scenarios (the golden fixtures): the grain tests test execution, kill and resume,
    /// and with the v1 world they run at the v1 engine's speed (the v2 baseline runs about 20× slower for now, see
    /// docs/performance.md). v2 batches (a member, a strategy set) run a few hundred trials in StrategyBatchTests.
    /// </summary>
    public const string V1Scenarios = "tests/Engine.Tests/Golden/scenarios/";

    public static async Task<string> StoreScenario(IGrainFactory grains, string relativePath)
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(RepoRoot(), relativePath));
        var added = await grains.GetGrain<IScenarioCatalogGrain>(IScenarioCatalogGrain.Key).Add(scenario.ToUpload());
        Assert.Empty(added.Errors);
        Assert.Equal(scenario.Sha256, added.Scenario!.Sha256);
        return scenario.Sha256;
    }

    public static async Task<BatchView> RunToEnd(IGrainFactory grains, string batchId, BatchRequest request, TimeSpan timeout)
    {
        var grain = grains.GetGrain<IBatchGrain>(batchId);
        await grain.Submit(request);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await grain.WaitUntilFinished(TimeSpan.FromMilliseconds(100), cancellationToken: deadline.Token);
        }
        catch (OperationCanceledException)
        {
            var view = await grain.GetStatus();
            throw new TimeoutException($"batch {batchId} not finished after {timeout}: {view.Status} {view.TrialsDone}/{view.Trials}");
        }
    }

    public static T Service<T>(this InProcessTestCluster cluster) where T : notnull =>
        cluster.Silos[0].ServiceProvider.GetRequiredService<T>();
}

/// <summary>
/// One single-silo cluster over one database for the tests of a collection, with the shipped scenarios
/// stored; every test uses fresh batch ids, so they do not see each other's work.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public string DatabasePath { get; } = TestClusters.TempDatabase();
    public string Tiny { get; private set; } = "";
    public string Baseline { get; private set; } = "";

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Cluster = await TestClusters.StartAsync(1, DatabasePath);
        Tiny = await TestClusters.StoreScenario(Grains, "scenarios/tiny.yaml");
        Baseline = await TestClusters.StoreScenario(Grains, TestClusters.V1Scenarios + "baseline.yaml");
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition("cluster")]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>;
