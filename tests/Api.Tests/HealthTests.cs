using System.Net;

namespace ScenarioGrid.Api.Tests;

/// <summary>/health/live answers while the process runs; /health/ready checks the database and the cluster.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Live_and_ready_answer_healthy_on_a_running_api()
    {
        await using var api = new ApiFactory();
        var http = api.CreateClient();
        var live = await http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_fails_when_the_database_cannot_be_read_and_live_still_answers()
    {
        await using var api = new ApiFactory();
        var http = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(api.DatabasePath);
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }
}
