using System.Diagnostics;
using System.Text;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// Client mode (docs/api.md): the API hosts no silo and joins a running silo process through its gateway
/// (<c>Api:Cluster:Gateway</c>), both on one database file. A batch submitted over HTTP runs on that silo and
/// is served with the engine's numbers.
/// </summary>
public sealed class ClientModeTests
{
    [Fact]
    public async Task The_api_as_a_client_of_a_silo_process_runs_batches_there()
    {
        string clusterId = "api-client-" + Guid.NewGuid().ToString("N")[..8];
        int gateway = TestPaths.FreePort();
        var api = new ApiProcess("--Api:Cluster:Gateway", $"127.0.0.1:{gateway}", "--Api:Cluster:ClusterId", clusterId);
        var silo = SiloProcess.Start(api.DatabasePath, TestPaths.FreePort(), gateway, clusterId); // one database for both
        try
        {
            await api.InitializeAsync();
            var cluster = (await api.Client.Post("{ cluster { mode silos { address status } } }")).AssertOk().Data["cluster"]!;
            Assert.Equal("client", cluster["mode"]!.GetValue<string>());
            var silos = cluster["silos"]!.AsArray();
            Assert.Single(silos);
            Assert.Equal("Active", silos[0]!["status"]!.GetValue<string>());

            const long trials = 30_000, seed = 5;
            await api.Client.CreateScenario(TestPaths.Scenario("baseline.yaml"));
            await api.Client.CreateScenario(TestPaths.Scenario("sulfide-vs-oxide.yaml"));
            string id = await api.Client.Submit("sulfide-vs-oxide", trials, seed);
            var end = await api.Client.WaitUntilFinished(id, TimeSpan.FromSeconds(120));
            Assert.Equal("COMPLETED", end["status"]!.GetValue<string>());

            // Every unit ran on the silo process, the only silo there is.
            var chunks = (await api.Client.Post("query($id: ID!) { cluster { chunksPerSilo(batchId: $id) { silo trials } } }", new { id }))
                .AssertOk().Data["cluster"]!["chunksPerSilo"]!.AsArray();
            Assert.Equal(trials, chunks.Sum(c => c!["trials"]!.GetValue<long>()));
            Assert.Single(chunks);

            var served = (await api.Client.Post("""
                query($id: ID!) { batch(id: $id) { series { entity metric year count mean stdDev min max p5 p10 p25 p50 p75 p90 p95 } } }
                """, new { id })).AssertOk().Data["batch"]!["series"]!.AsArray();
            var expected = EngineReference.Run("sulfide-vs-oxide.yaml", seed, trials).Result.Series;
            Assert.Equal(expected.Count, served.Count);
            for (int i = 0; i < expected.Count; i++) QueryTests.AssertSeries(expected[i], served[i]!);
        }
        catch (Exception e)
        {
            throw new Exception($"{e.Message}\n--- silo output ---\n{silo.Output}\n--- API output ---\n{api.Output}", e);
        }
        finally
        {
            silo.Dispose();
            await api.DisposeAsync();
        }
    }
}
