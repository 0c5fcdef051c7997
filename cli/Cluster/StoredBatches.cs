using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Cli.Cluster;

/// <summary>The CLI's ways into the database: reads straight from the file, writes through the grains of a silo.</summary>
public static class StoredBatches
{
    /// <summary>Opens an existing database; a missing SQLite file is an error here rather than a new empty database.</summary>
    public static ScenarioGridDatabase OpenExisting(DatabaseLocation location)
    {
        if (location.Provider == DatabaseProvider.Sqlite && !File.Exists(location.Target))
            throw new UsageException($"no database at {location.Target} (run a batch first, or pass --db PATH)");
        var database = new ScenarioGridDatabase(location);
        database.Initialize();
        return database;
    }

    /// <summary>Stores a scenario read from files (with the files it extends) through the scenario catalog grain.</summary>
    /// <exception cref="ScenarioValidationException">The catalog found it invalid (the CLI validated it first, so only a changed file).</exception>
    public static StoredScenarioRef Store(IGrainFactory grains, Scenario scenario, CancellationToken cancellationToken)
    {
        var added = grains.GetGrain<IScenarioCatalogGrain>(IScenarioCatalogGrain.Key).Add(scenario.ToUpload(), cancellationToken)
            .GetAwaiter().GetResult();
        return added.Scenario ?? throw new ScenarioValidationException(
            [.. added.Errors.Select(e => new ValidationError(e.File, e.Line, e.Column, e.Path, e.Value, e.Rule))]);
    }
}
