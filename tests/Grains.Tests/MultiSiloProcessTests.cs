using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScenarioGrid.Cli.Cluster;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Persistence;
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
        int primarySilo = FreePort(), primaryGateway = FreePort(), secondSilo = FreePort(), secondGateway = FreePort();
        using var primary = StartSilo(db, primarySilo, primaryGateway, 0);
        using var second = StartSilo(db, secondSilo, secondGateway, primarySilo);

        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(c => c.UseLocalhostClustering([primaryGateway, secondGateway], "scenariogrid", "scenariogrid"));
        using var client = builder.Build();
        await StartWithRetry(client);
        var grains = client.Services.GetRequiredService<IClusterClient>();
        await WaitForSilos(grains, 2);

        var database = new ScenarioGridDatabase(db);
        database.Initialize();
        var scenario = ScenarioLoader.LoadFile(Path.Combine(TestClusters.RepoRoot(), "scenarios/sulfide-vs-oxide.yaml"));
        new ScenarioStore(database).Save(StoredBatches.ToStored(scenario));
        var view = await TestClusters.RunToEnd(grains, "b-two", new BatchRequest(scenario.Sha256, 5, 40_000, 1024, 2048),
            TimeSpan.FromMinutes(2));

        Assert.Equal(BatchPhase.Completed, view.Phase);
        var placement = new CheckpointStore(database).RunsPerSilo("b-two");
        Assert.Equal(2, placement.Count);
        Assert.Equal(40_000, placement.Sum(p => p.Trials));
        Assert.NotNull(new ResultStore(database).Load("b-two"));

        using var clash = StartSilo(db, primarySilo, FreePort(), 0);
        Assert.True(clash.WaitForExit(30_000), "a silo on a taken port should stop at once");
        Assert.NotEqual(0, clash.ExitCode);
        await client.StopAsync();
    }

    private static SiloProcess StartSilo(string db, int siloPort, int gatewayPort, int primaryPort)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scenariogrid-silo.dll"));
        foreach (var (k, v) in new[] { ("Silo:DatabasePath", db), ("Silo:SiloPort", $"{siloPort}"), ("Silo:GatewayPort", $"{gatewayPort}"),
                     ("Silo:PrimarySiloPort", $"{primaryPort}") })
        {
            psi.ArgumentList.Add($"--{k}");
            psi.ArgumentList.Add(v);
        }
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new SiloProcess(p);
    }

    private static async Task StartWithRetry(IHost client)
    {
        for (int attempt = 0; ; attempt++)
        {
            try { await client.StartAsync(); return; }
            catch (Exception) when (attempt < 30) { await Task.Delay(500); }
        }
    }

    private static async Task WaitForSilos(IGrainFactory grains, int count)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                if (hosts.Count >= count) return;
            }
            catch (Exception) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the cluster never had {count} active silos");
    }

    private static int FreePort() => EmbeddedSilo.FreePort();

    /// <summary>Kills the silo process when the test ends, whatever happened.</summary>
    private sealed class SiloProcess(Process process) : IDisposable
    {
        public bool WaitForExit(int milliseconds) => process.WaitForExit(milliseconds);
        public int ExitCode => process.ExitCode;

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }
}
