using Microsoft.Extensions.DependencyInjection;

namespace ScenarioGrid.Queries;

public static class QueriesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database on <paramref name="databasePath"/> and the read-only queries, all singletons
    /// (stateless and thread-safe). Nothing is opened here: the first query opens (and if need be creates and
    /// migrates) the file; a silo does so at start-up to fail fast.
    /// </summary>
    public static IServiceCollection AddScenarioGridQueries(this IServiceCollection services, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        services.AddSingleton(new ScenarioGridDatabase(databasePath));
        services.AddSingleton<ScenarioQueries>();
        services.AddSingleton<BatchQueries>();
        services.AddSingleton<ResultQueries>();
        services.AddSingleton<ScenarioModels>();
        return services;
    }
}
