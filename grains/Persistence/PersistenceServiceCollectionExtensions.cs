using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>The read side (<see cref="QueriesServiceCollectionExtensions.AddScenarioGridQueries"/>) and the grains' writers.</summary>
    public static IServiceCollection AddScenarioGridPersistence(this IServiceCollection services, string databasePath)
    {
        services.AddScenarioGridQueries(databasePath);
        services.AddSingleton<ScenarioStore>();
        services.AddSingleton<BatchStore>();
        return services;
    }
}
