using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Dashboard;
using ScenarioGrid.Grains.Batches;
using Microsoft.Extensions.Options;
using ScenarioGrid.Grains.Placement;
using ScenarioGrid.Grains.Scheduling;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Silo;

/// <summary>Composition of a ScenarioGrid silo, shared by the silo host, the CLI's embedded silo and the API.</summary>
public static class SiloSetup
{
    /// <summary>
    /// Adds the database (opened at start-up, before the silo), the stores, batch options (section "Batches",
    /// validated at start-up) and an Orleans silo configured by <paramref name="options"/>, which are validated first.
    /// </summary>
    public static IHostApplicationBuilder AddScenarioGridSilo(this IHostApplicationBuilder builder, SiloHostOptions options)
    {
        ValidatedOptions.Validate(options, SiloHostOptions.Section);
        builder.Services.AddScenarioGridSiloServices(options.Store(), options.ResumeUnfinishedBatches,
            options.SeedScenarios ? options.ScenariosFolder : null);
        builder.AddScenarioGridLogFilters();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = options.ServiceId; });
            ConfigureClustering(silo, options);
            silo.AddScenarioGridGrains();
            if (options.Dashboard) silo.AddDashboard();
        });
        return builder;
    }

    /// <summary>
    /// What every ScenarioGrid silo needs besides Orleans itself: the database (opened at start-up, before the
    /// silo), the read queries and the grains' writers, batch options (section "Batches", validated at start-up)
    /// and, when asked, the supervisor that resumes unfinished batches and the first run's store of the scenarios in
    /// <paramref name="seedScenariosFrom"/> (<see cref="ScenarioSeeder"/>). Test clusters use it as the host does.
    /// </summary>
    public static IServiceCollection AddScenarioGridSiloServices(this IServiceCollection services, string databasePath,
        bool resumeUnfinishedBatches, string? seedScenariosFrom = null) =>
        services.AddScenarioGridSiloServices(Queries.DatabaseLocation.Sqlite(databasePath), resumeUnfinishedBatches, seedScenariosFrom);

    /// <summary>As above, on a SQLite file or a PostgreSQL database.</summary>
    public static IServiceCollection AddScenarioGridSiloServices(this IServiceCollection services, Queries.DatabaseLocation database,
        bool resumeUnfinishedBatches, string? seedScenariosFrom = null)
    {
        services.AddScenarioGridPersistence(database);
        services.AddHostedService<DatabaseInitializer>();
        services.AddOptions<BatchOptions>().BindConfiguration(BatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The silo's simulation slots, shared by the units of every batch by priority (docs/scheduling.md).
        services.AddSingleton(sp => new SlotAdmission(sp.GetRequiredService<IOptions<BatchOptions>>()));
        if (resumeUnfinishedBatches) services.AddHostedService<BatchSupervisor>();
        services.AddSingleton(new FirstRunSeeding(done: seedScenariosFrom is null));
        if (seedScenariosFrom is not null)
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<ScenarioSeeder>(sp, seedScenariosFrom));
        return services;
    }

    /// <summary>The placement of simulation slots (spread over the silos).</summary>
    public static ISiloBuilder AddScenarioGridGrains(this ISiloBuilder silo) =>
        silo.AddPlacementDirector<SpreadPlacementStrategy, SpreadPlacementDirector>();

    private static void ConfigureClustering(ISiloBuilder silo, SiloHostOptions options)
    {
        EnsurePortsFree(options.SiloPort, options.GatewayPort);
        switch (options.Clustering)
        {
            case ClusteringMode.Localhost:
                var primary = options.PrimarySiloPort > 0 ? new IPEndPoint(IPAddress.Loopback, options.PrimarySiloPort) : null;
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, options.ServiceId, options.ClusterId);
                break;
            case ClusteringMode.Redis:
                // The address other hosts reach this silo at; a routable one makes the silo listen on every interface.
                var advertised = string.IsNullOrWhiteSpace(options.AdvertisedAddress) ? IPAddress.Loopback : IPAddress.Parse(options.AdvertisedAddress);
                silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
                silo.UseRedisClustering(options.Redis);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Clustering, "unknown clustering mode");
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
