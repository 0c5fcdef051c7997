using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Silo;

/// <summary>
/// A single silo inside the CLI process, on free loopback ports, over the given database: the embedded
/// default. Disposing it stops the silo gracefully (running batches keep their last checkpoint).
/// </summary>
public sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();
    public IServiceProvider Services => _host.Services;

    public static Task<EmbeddedSilo> StartAsync(string databasePath, bool resumeUnfinishedBatches, CancellationToken cancellationToken) =>
        StartAsync(DatabaseLocation.Sqlite(databasePath), resumeUnfinishedBatches, cancellationToken);

    /// <summary>As above, on a SQLite file or a PostgreSQL database.</summary>
    public static async Task<EmbeddedSilo> StartAsync(DatabaseLocation database, bool resumeUnfinishedBatches, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Tuning without flags, e.g. SCENARIOGRID_Batches__CheckpointInterval=00:00:02 (see docs/architecture.md).
        builder.Configuration.AddEnvironmentVariables("SCENARIOGRID_");
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true);
        // Log to stderr only, so stdout stays the command's own output.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddScenarioGridSilo(new SiloHostOptions
        {
            Database = database.Provider,
            DatabasePath = database.Provider == DatabaseProvider.Sqlite ? database.Target : ScenarioGridDatabase.DefaultPath,
            PostgresConnection = database.Provider == DatabaseProvider.Postgres ? database.Target : null,
            SiloPort = FreePort(),
            GatewayPort = FreePort(),
            ClusterId = "scenariogrid-cli-" + Environment.ProcessId,
            ResumeUnfinishedBatches = resumeUnfinishedBatches,
            // A command works on the scenario file it is given; the shipped set is the server's first-run welcome.
            SeedScenarios = false,
        });
        // A command-line user needs errors, not Orleans' start-up notes (ServerGC advice, a watchdog that
        // counts from process start, thread-pool stalls while the simulation holds both cores on purpose).
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EmbeddedSilo(host);
    }

    /// <summary>A loopback TCP port that is free right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await _host.StopAsync(timeout.Token); }
        finally { _host.Dispose(); }
    }
}
