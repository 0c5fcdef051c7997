using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>The read side (<see cref="QueriesServiceCollectionExtensions.AddScenarioGridQueries"/>) and the grains' writers.</summary>
    public static IServiceCollection AddScenarioGridPersistence(this IServiceCollection services, string databasePath) =>
        services.AddScenarioGridPersistence(DatabaseLocation.Sqlite(databasePath));

    /// <summary>As above, on a SQLite file or a PostgreSQL database.</summary>
    public static IServiceCollection AddScenarioGridPersistence(this IServiceCollection services, DatabaseLocation database)
    {
        services.AddScenarioGridQueries(database);
        services.AddSingleton<ScenarioStore>();
        services.AddSingleton<BatchStore>();
        return services;
    }
}
