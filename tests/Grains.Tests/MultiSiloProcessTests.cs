using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// The documented several-silos-on-one-machine setup (docs/cluster.md): two silo processes with their own
/// ports, the second naming the first's silo port as primary, one SQLite file. A client submits through
/// either gateway; the units run on both processes. A third silo on a taken port refuses to start.
/// </summary>
public class MultiSiloProcessTests
{
    [Fact]
    public async Task Two_silo_processes_form_one_cluster_and_share_the_work()
    {
        string db = TestClusters.TempDatabase();
        int primarySilo = EmbeddedSilo.FreePort();
        using var primary = StandaloneSilo.Start("primary", db, primarySilo, EmbeddedSilo.FreePort(), []);
        using var second = StandaloneSilo.Start("second", db, EmbeddedSilo.FreePort(), EmbeddedSilo.FreePort(),
            [("Silo:PrimarySiloPort", $"{primarySilo}")]);

        using var client = await ClusterClients.ConnectAsync(
            ClusterClients.Localhost([primary.GatewayPort, second.GatewayPort], "scenariogrid", "scenariogrid"), TimeSpan.FromSeconds(60));
        var grains = client.Services.GetRequiredService<IClusterClient>();
        await ClusterClients.WaitForActiveSilos(grains, 2, TimeSpan.FromSeconds(60));

        var database = new ScenarioGridDatabase(db);
        string sha = await TestClusters.StoreScenario(grains, TestClusters.V1Scenarios + "sulfide-vs-oxide.yaml");
        var view = await TestClusters.RunToEnd(grains, "b-two", new BatchRequest(sha, 5, 40_000, 1024, 2048),
            TimeSpan.FromMinutes(2));

        Assert.Equal(BatchStatus.Completed, view.Status);
        var placement = new BatchQueries(database).UnitsPerSilo("b-two");
        Assert.Equal(2, placement.Count);
        Assert.Equal(40_000, placement.Sum(p => p.Trials));
        Assert.NotNull(new ResultQueries(database).Document("b-two"));

        using var clash = StandaloneSilo.Start("clash", db, primarySilo, EmbeddedSilo.FreePort(), []);
        Assert.True(clash.WaitForExit(TimeSpan.FromSeconds(30)), "a silo on a taken port should stop at once");
        Assert.NotEqual(0, clash.ExitCode);
        await client.StopAsync();
    }
}
