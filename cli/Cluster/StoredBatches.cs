using ScenarioGrid.Engine.Model;
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

    public static StoredScenario ToStored(Scenario scenario)
    {
        var file = scenario.Sources[0];
        return new StoredScenario(scenario.Sha256, scenario.Id, scenario.Name, file.Text, Path.GetFileName(file.FileName),
            DateTimeOffset.UtcNow)
        {
            Ancestors = scenario.Sources.Skip(1).Select(s => new ScenarioSource(Path.GetFileName(s.FileName), s.Text)).ToList(),
        };
    }

    /// <summary>A short, unique, URL-safe batch id.</summary>
    public static string NewId() => "b-" + Guid.NewGuid().ToString("N")[..12];
}
