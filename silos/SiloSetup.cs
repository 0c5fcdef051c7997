using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using ScenarioGrid.Grains;
using ScenarioGrid.Grains.Batches;
using ScenarioGrid.Grains.Placement;
using ScenarioGrid.Grains.Scenarios;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Silo;

/// <summary>Composition of a ScenarioGrid silo, shared by the silo host, the CLI's embedded silo and the API.</summary>
public static class SiloSetup
{
    /// <summary>Adds the database, the stores and an Orleans silo configured by <paramref name="settings"/>.</summary>
    public static IHostApplicationBuilder AddScenarioGridSilo(this IHostApplicationBuilder builder, SiloSettings settings)
    {
        builder.Services.AddScenarioGridServices(settings.DatabasePath, settings.ResumeUnfinishedBatches);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ServiceId; });
            ConfigureClustering(silo, settings);
            silo.AddScenarioGridGrains(settings.DatabasePath);
        });
        return builder;
    }

    /// <summary>The silo-side services of ScenarioGrid: stores, the scenario catalog, batch options and the supervisor.</summary>
    public static IServiceCollection AddScenarioGridServices(this IServiceCollection services, string databasePath,
        bool resumeUnfinishedBatches = true)
    {
        services.AddScenarioGridPersistence(databasePath);
        services.AddSingleton<ScenarioCatalog>();
        services.AddOptions<BatchOptions>().BindConfiguration("Batches");
        if (resumeUnfinishedBatches) services.AddHostedService<BatchSupervisor>();
        return services;
    }

    /// <summary>Our grain storage and the placement of simulation slots.</summary>
    public static ISiloBuilder AddScenarioGridGrains(this ISiloBuilder silo, string databasePath)
    {
        silo.AddSqliteGrainStorage(SiloStorage.Name, databasePath);
        silo.AddPlacementDirector<SpreadPlacementStrategy, SpreadPlacementDirector>();
        return silo;
    }

    private static void ConfigureClustering(ISiloBuilder silo, SiloSettings settings)
    {
        switch (settings.Clustering)
        {
            case "localhost":
                EnsurePortsFree(settings.SiloPort, settings.GatewayPort);
                var primary = settings.PrimarySiloPort > 0 ? new IPEndPoint(IPAddress.Loopback, settings.PrimarySiloPort) : null;
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, primary, settings.ServiceId, settings.ClusterId);
                break;
            case "redis":
                EnsurePortsFree(settings.SiloPort, settings.GatewayPort);
                silo.ConfigureEndpoints(IPAddress.Loopback, settings.SiloPort, settings.GatewayPort);
                silo.UseRedisClustering(settings.Redis);
                break;
            default:
                throw new ArgumentException($"unknown clustering '{settings.Clustering}': use 'localhost' or 'redis'");
        }
    }

    /// <summary>
    /// Linux lets a second silo bind the same ports silently (SO_REUSEPORT) and form a separate cluster;
    /// probing with an exclusive listener first turns that into a clear start-up error.
    /// </summary>
    private static void EnsurePortsFree(params int[] ports)
    {
        foreach (int port in ports)
        {
            try
            {
                var probe = new TcpListener(IPAddress.Loopback, port) { ExclusiveAddressUse = true };
                probe.Start();
                probe.Stop();
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"port {port} is already in use (another silo?): {e.Message}", e);
            }
        }
    }
}
