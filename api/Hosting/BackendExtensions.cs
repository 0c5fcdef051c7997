using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using ScenarioGrid.Api.Services;
using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Api.Hosting;

/// <summary>Where the grains live: a silo inside this process (the default), or an existing cluster joined as a client.</summary>
public static class BackendExtensions
{
    /// <summary>
    /// Adds either an embedded silo (settings from section "Silo", database from <see cref="ApiOptions.Store"/>)
    /// or an Orleans client of the cluster in "Api:Cluster" with the read-only queries of the cluster's database, plus
    /// the services the schema resolves through. The options that choose between them are validated first.
    /// </summary>
    public static WebApplicationBuilder AddScenarioGridBackend(this WebApplicationBuilder builder)
    {
        var options = ValidatedOptions.Bind<ApiOptions>(builder.Configuration, ApiOptions.Section);
        if (options.IsClusterClient)
        {
            builder.Services.AddScenarioGridQueries(options.Store());
            builder.UseOrleansClient(client =>
            {
                ConfigureClient(client, options.Cluster);
                if (options.OrleansDashboard) client.AddDashboard();
            });
            builder.Services.AddSingleton(new BackendInfo("client", options.Store().ToString()));
        }
        else
        {
            var silo = ValidatedOptions.Bind<SiloHostOptions>(builder.Configuration, SiloHostOptions.Section);
            // The API's settings name the store, for the embedded silo too (Silo:Database* are not read here).
            silo.Database = options.Database;
            silo.DatabasePath = options.DatabasePath;
            silo.PostgresConnection = options.PostgresConnection;
            silo.Dashboard |= options.OrleansDashboard;
            builder.AddScenarioGridSilo(silo);
            builder.Services.AddSingleton(new BackendInfo("embedded", options.Store().ToString()));
        }
        builder.Services.AddSingleton<ScenarioService>();
        builder.Services.AddSingleton<BatchService>();
        builder.Services.AddSingleton<ResultService>();
        builder.Services.AddSingleton<Recomputations>();
        builder.Services.AddSingleton<AnalysisService>();
        builder.Services.AddSingleton<ClusterService>();
        return builder;
    }

    private static void ConfigureClient(IClientBuilder client, ClusterClientOptions cluster)
    {
        client.Configure<ClusterOptions>(o => { o.ClusterId = cluster.ClusterId; o.ServiceId = cluster.ServiceId; });
        switch (cluster.Clustering)
        {
            case ClusteringMode.Redis:
                client.UseRedisClustering(cluster.Redis);
                break;
            case ClusteringMode.Localhost:
                var gateways = ParseGateways(cluster.Gateway ?? "");
                if (gateways.All(g => IPAddress.IsLoopback(g.Address)))
                    client.UseLocalhostClustering([.. gateways.Select(g => g.Port)], cluster.ServiceId, cluster.ClusterId);
                else
                    client.UseStaticClustering([.. gateways]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(cluster), cluster.Clustering, "unknown clustering mode");
        }
    }

    /// <summary>"host:port[,host:port…]" as endpoints; host names are resolved now (IPv4 first).</summary>
    public static IReadOnlyList<IPEndPoint> ParseGateways(string text)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var item in text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = item.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(item[(colon + 1)..], out int port) || port is < 1 or > 65535)
                throw new ArgumentException($"Api:Cluster:Gateway: '{item}' is not host:port");
            string host = item[..colon].Trim('[', ']');
            var address = IPAddress.TryParse(host, out var ip) ? ip
                : Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork).First();
            endpoints.Add(new IPEndPoint(address, port));
        }
        if (endpoints.Count == 0) throw new ArgumentException("Api:Cluster:Gateway names no gateway (host:port[,host:port…])");
        return endpoints;
    }
}

/// <summary>How this API process reaches the grains ("embedded" or "client") and which database it reads.</summary>
public sealed record BackendInfo(string Mode, string DatabasePath);
