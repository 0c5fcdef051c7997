using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ScenarioGrid.Silo;

/// <summary>The standalone silo's one start-up line: what an operator needs to connect the next silo or the API to it.</summary>
public static partial class StartupLine
{
    public static IHost LogWhereToFindTheSilo(this IHost host, SiloHostOptions options)
    {
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ScenarioGrid.Silo");
        lifetime.ApplicationStarted.Register(() => LogSiloStarted(logger, options.SiloPort, options.GatewayPort, options.ClusterId,
            options.Clustering.ToString(), options.Store().ToString(),
            options.Dashboard ? $", Orleans dashboard at {options.DashboardUrl.TrimEnd('/')}/" : ""));
        return host;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "ScenarioGrid silo on port {SiloPort}, gateway {GatewayPort}, cluster {ClusterId} ({Clustering} membership), database {Database}{Dashboard}")]
    private static partial void LogSiloStarted(ILogger logger, int siloPort, int gatewayPort, string clusterId, string clustering,
        string database, string dashboard);
}
