using Microsoft.Extensions.DependencyInjection;

namespace ScenarioGrid.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Opens and initialises the database on <paramref name="databasePath"/> now (folder, schema, quick_check,
    /// WAL), so a corrupt, newer or unwritable file fails start-up with a clear error, and registers it with the
    /// four stores, all singletons (they are stateless and thread-safe).
    /// </summary>
    public static IServiceCollection AddScenarioGridPersistence(this IServiceCollection services, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var database = new ScenarioGridDatabase(databasePath);
        database.Initialize();
        services.AddSingleton(database);
        services.AddSingleton<ScenarioStore>();
        services.AddSingleton<BatchStore>();
        services.AddSingleton<CheckpointStore>();
        services.AddSingleton<ResultStore>();
        return services;
    }
}
