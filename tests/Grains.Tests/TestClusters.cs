using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Grains;
using ScenarioGrid.Persistence;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Grains.Tests;

/// <summary>In-process Orleans clusters of n silos over one temporary SQLite file, wired as the real silo host.</summary>
internal static class TestClusters
{
    public static async Task<InProcessTestCluster> StartAsync(int silos, string databasePath)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSiloHost((_, host) => host.Services.AddScenarioGridServices(databasePath));
        builder.ConfigureSilo((_, silo) => silo.AddScenarioGridGrains(databasePath));
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

    /// <summary>Stores a scenario file (with its ancestors) as the CLI does; returns its sha256.</summary>
    public static string StoreScenario(InProcessTestCluster cluster, string relativePath)
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(RepoRoot(), relativePath));
        var store = cluster.Silos[0].ServiceProvider.GetRequiredService<ScenarioStore>();
        store.Save(StoredScenario.From(scenario, DateTimeOffset.UtcNow));
        return scenario.Sha256;
    }

    public static async Task<BatchView> RunToEnd(IGrainFactory grains, string batchId, BatchRequest request, TimeSpan timeout)
    {
        var grain = grains.GetGrain<IBatchGrain>(batchId);
        await grain.Submit(request);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var view = await grain.GetStatus();
            if (view.IsFinished) return view;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"batch {batchId} not finished: {view.Phase} {view.TrialsDone}/{view.Trials}");
            await Task.Delay(100);
        }
    }
}
