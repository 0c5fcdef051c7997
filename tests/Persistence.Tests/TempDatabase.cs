using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>A fresh database file in its own temporary folder, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "sg-persistence-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DatabasePath = Path.Combine(Folder, "scenariogrid.db");
        Database = new ScenarioGridDatabase(DatabasePath);
        Database.Initialize();
    }

    public string Folder { get; }
    public string DatabasePath { get; }
    public ScenarioGridDatabase Database { get; }

    /// <summary>Another database object on the same file, as a second process would have.</summary>
    public ScenarioGridDatabase Reopen()
    {
        var database = new ScenarioGridDatabase(DatabasePath);
        database.Initialize();
        return database;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
