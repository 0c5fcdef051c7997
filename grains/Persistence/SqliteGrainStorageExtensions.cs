using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;

namespace ScenarioGrid.Persistence;

public static class SqliteGrainStorageExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteGrainStorage"/> on <paramref name="databasePath"/> as the grain storage named
    /// <paramref name="name"/> (for <c>[PersistentState(stateName, name)]</c>). It uses the registered
    /// <see cref="ScenarioGridDatabase"/> when that is on the same file; the database is initialised when the
    /// storage is first resolved.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) =>
        {
            string path = Path.GetFullPath(databasePath);
            var database = services.GetService<ScenarioGridDatabase>() is { } shared && shared.Path == path
                ? shared
                : new ScenarioGridDatabase(path);
            database.Initialize();
            return new SqliteGrainStorage(database);
        });
        return builder;
    }
}
