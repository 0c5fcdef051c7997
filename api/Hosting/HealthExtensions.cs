using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Hosting;

/// <summary>
/// <c>/health/live</c>: the process answers (no check runs: a liveness probe must not fail because a dependency
/// does, or the orchestrator restarts a healthy process). <c>/health/ready</c>: the API can serve: the database
/// opens and reads, at least one silo of the cluster is active (the management grain answers within 5 s), and a
/// first run has stored the shipped scenarios.
/// </summary>
public static class HealthExtensions
{
    public const string LivePath = "/health/live", ReadyPath = "/health/ready";

    public static WebApplicationBuilder AddScenarioGridHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"])
            .AddCheck<FirstRunHealthCheck>("first-run", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapScenarioGridHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}

/// <summary>The database opens read-only and answers a query.</summary>
internal sealed class DatabaseHealthCheck(ScenarioGridDatabase database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = database.OpenForReading();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM batches"; // a table of ours: both engines, schema in place
            command.ExecuteScalar();
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException or DatabaseException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the database cannot be read: " + ex.Message));
        }
    }
}

/// <summary>An embedded silo's first run has stored the shipped scenarios (or there was nothing to store).</summary>
internal sealed class FirstRunHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(services.GetService<Silo.FirstRunSeeding>() is { Done.IsCompleted: false }
            ? HealthCheckResult.Unhealthy("storing the shipped scenarios (first run)")
            : HealthCheckResult.Healthy());
}

/// <summary>At least one silo is active in the cluster this API talks to (its own embedded one, or a cluster it joined).</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return hosts.Count > 0 ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)") : HealthCheckResult.Unhealthy("no active silo");
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer: " + ex.Message);
        }
    }
}
