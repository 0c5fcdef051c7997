using Microsoft.Extensions.DependencyInjection;

namespace ScenarioGrid.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database on <paramref name="databasePath"/> (initialised when first resolved: resolve it
    /// at start-up to fail fast) and the four stores, all singletons (they are stateless and thread-safe).
    /// </summary>
    public static IServiceCollection AddScenarioGridPersistence(this IServiceCollection services, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        services.AddSingleton(_ =>
        {
            var database = new ScenarioGridDatabase(databasePath);
            database.Initialize();
            return database;
        });
        services.AddSingleton<ScenarioStore>();
        services.AddSingleton<BatchStore>();
        services.AddSingleton<CheckpointStore>();
        services.AddSingleton<ResultStore>();
        return services;
    }
}
