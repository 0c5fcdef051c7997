using System.Net;
using System.Text.Json.Nodes;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// What an operator sees (issue 10, item 7): a start-up of one line that says where the API, GraphiQL and the database are;
/// Orleans' dashboard only when a setting asks for it, in the API (<c>/orleans/</c>) and in a silo host.
/// </summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task A_start_up_logs_one_line_with_the_api_graphiql_and_database_and_no_framework_notes()
    {
        var api = new ApiProcess();
        try
        {
            await api.InitializeAsync();
            var lines = await LinesOnceLogged(() => api.Output, "GraphQL API at");
            string where = Assert.Single(lines, l => l.Contains("GraphQL API at", StringComparison.Ordinal));
            Assert.Contains(" info: ", where);
            Assert.Contains($"GraphQL API at {api.Url}/graphql, GraphiQL at {api.Url}/graphql (in a browser)", where);
            Assert.Contains($"database {api.DatabasePath} (embedded silo)", where);
            // Before this change: two ServerGC notes from Orleans and the line itself, all at warning level.
            Assert.DoesNotContain(lines, l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("ServerGC", StringComparison.Ordinal));

            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{api.Url}/orleans/DashboardCounters")).StatusCode);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_api_serves_the_orleans_dashboard_of_its_embedded_silo_when_asked()
    {
        int siloPort = TestPaths.FreePort();
        var api = new ApiProcess("--Silo:SiloPort", $"{siloPort}", "--Silo:GatewayPort", $"{TestPaths.FreePort()}",
            "--Silo:ClusterId", "ops-" + Guid.NewGuid().ToString("N")[..8], "--Api:OrleansDashboard", "true");
        try
        {
            await api.InitializeAsync();
            using var http = new HttpClient();
            string page = await http.GetStringAsync($"{api.Url}/orleans/");
            Assert.Contains("<title>Orleans Dashboard</title>", page);
            var counters = await Counters(http, $"{api.Url}/orleans");
            AssertOneActiveSilo(counters, siloPort);
            // The catalog grain holds the shipped scenarios the first run stored: the dashboard sees the app's grains.
            Assert.Contains(counters["simpleGrainStats"]!.AsArray(),
                g => g!["grainType"]!.GetValue<string>() == "ScenarioGrid.Grains.Scenarios.ScenarioCatalogGrain");
        }
        catch (Exception e)
        {
            throw new Exception($"{e.Message}\n--- API output ---\n{api.Output}", e);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_silo_host_and_an_api_client_of_it_serve_the_dashboard_of_the_cluster()
    {
        string clusterId = "ops-" + Guid.NewGuid().ToString("N")[..8];
        int siloPort = TestPaths.FreePort(), gateway = TestPaths.FreePort();
        string siloDashboard = $"http://127.0.0.1:{TestPaths.FreePort()}";
        var api = new ApiProcess("--Api:Cluster:Gateway", $"127.0.0.1:{gateway}", "--Api:Cluster:ClusterId", clusterId,
            "--Api:OrleansDashboard", "true");
        var silo = SiloProcess.Start(api.DatabasePath, siloPort, gateway, clusterId,
            "--Silo:Dashboard", "true", "--Silo:DashboardUrl", siloDashboard);
        try
        {
            await api.InitializeAsync();
            using var http = new HttpClient();
            AssertOneActiveSilo(await Counters(http, siloDashboard), siloPort);
            AssertOneActiveSilo(await Counters(http, $"{api.Url}/orleans"), siloPort);

            var lines = await LinesOnceLogged(() => silo.Output, "ScenarioGrid silo on port");
            string where = Assert.Single(lines, l => l.Contains("ScenarioGrid silo on port", StringComparison.Ordinal));
            Assert.Contains($"ScenarioGrid silo on port {siloPort}, gateway {gateway}, cluster {clusterId} (Localhost membership), " +
                            $"database {api.DatabasePath}, Orleans dashboard at {siloDashboard}/", where);
            Assert.DoesNotContain(lines, l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal));
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

    /// <summary>The dashboard's cluster view; its silo list fills in a moment after start-up, so it is asked until it has one.</summary>
    private static async Task<JsonNode> Counters(HttpClient http, string dashboard)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var response = await http.GetAsync($"{dashboard}/DashboardCounters");
            if (response.IsSuccessStatusCode)
            {
                var counters = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (counters["hosts"]!.AsArray().Count > 0) return counters;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{dashboard}/DashboardCounters: {(int)response.StatusCode}, no silo listed");
            await Task.Delay(500);
        }
    }

    private static void AssertOneActiveSilo(JsonNode counters, int siloPort)
    {
        var host = Assert.Single(counters["hosts"]!.AsArray())!;
        Assert.StartsWith($"127.0.0.1:{siloPort}@", host["siloAddress"]!.GetValue<string>());
        Assert.Equal("Active", host["status"]!.GetValue<string>());
    }

    /// <summary>A process's output lines once <paramref name="marker"/> shows (start-up lines are logged when the host has started).</summary>
    private static async Task<string[]> LinesOnceLogged(Func<string> output, string marker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!output().Contains(marker, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no line with '{marker}' in:\n{output()}");
            await Task.Delay(200);
        }
        return output().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
