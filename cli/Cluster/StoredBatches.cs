using ScenarioGrid.Persistence;

namespace ScenarioGrid.Cli.Cluster;

/// <summary>The CLI's direct access to the database, for verbs that need no silo (batches, results, cancel).</summary>
public static class StoredBatches
{
    /// <summary>Opens an existing database; a missing file is an error here rather than a new empty database.</summary>
    public static ScenarioGridDatabase OpenExisting(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"no database at {path} (run a batch first, or pass --db PATH)");
        var database = new ScenarioGridDatabase(path);
        database.Initialize();
        return database;
    }

    /// <summary>A short, unique, URL-safe batch id.</summary>
    public static string NewId() => "b-" + Guid.NewGuid().ToString("N")[..12];
}
