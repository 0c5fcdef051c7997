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
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return services.AddScenarioGridQueries(DatabaseLocation.Sqlite(databasePath));
    }

    /// <summary>As above, on a SQLite file or a PostgreSQL database.</summary>
    public static IServiceCollection AddScenarioGridQueries(this IServiceCollection services, DatabaseLocation database)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(database);
        services.AddSingleton(new ScenarioGridDatabase(database));
        services.AddSingleton<ScenarioQueries>();
        services.AddSingleton<BatchQueries>();
        services.AddSingleton<ResultQueries>();
        services.AddSingleton<ScenarioModels>();
        return services;
    }
}
