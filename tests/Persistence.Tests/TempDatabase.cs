using System.Data.Common;
using ScenarioGrid.Queries;
using ScenarioGrid.Tests.Shared;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>
/// A fresh, initialised database, deleted afterwards: a SQLite file in its own temporary folder (the default), or a
/// new database on the tests' PostgreSQL server (<see cref="PostgresServer"/>).
/// </summary>
public sealed class TempDatabase : IDisposable
{
    private readonly List<string> _postgresDatabases = [];

    public TempDatabase() : this(DatabaseProvider.Sqlite)
    {
    }

    public TempDatabase(DatabaseProvider provider)
    {
        Provider = provider;
        Folder = Path.Combine(Path.GetTempPath(), "sg-persistence-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DatabasePath = Path.Combine(Folder, "scenariogrid.db");
        Location = provider == DatabaseProvider.Sqlite ? DatabaseLocation.Sqlite(DatabasePath) : FreshLocation();
        Database = new ScenarioGridDatabase(Location);
        Database.Initialize();
    }

    public DatabaseProvider Provider { get; }
    public string Folder { get; }

    /// <summary>The SQLite file (with the SQLite provider).</summary>
    public string DatabasePath { get; }

    public DatabaseLocation Location { get; }
    public ScenarioGridDatabase Database { get; }

    /// <summary>Another database object on the same store, as a second process would have.</summary>
    public ScenarioGridDatabase Reopen()
    {
        var database = new ScenarioGridDatabase(Location);
        database.Initialize();
        return database;
    }

    /// <summary>A location of the same provider where nothing exists yet (a new file name, an empty database).</summary>
    public DatabaseLocation FreshLocation()
    {
        if (Provider == DatabaseProvider.Sqlite) return DatabaseLocation.Sqlite(Path.Combine(Folder, $"fresh-{Guid.NewGuid():N}.db"));
        string connectionString = PostgresServer.Shared.CreateDatabase();
        _postgresDatabases.Add(connectionString);
        return DatabaseLocation.Postgres(connectionString);
    }

    /// <summary>
    /// Begins, on <paramref name="connection"/>, a transaction that holds what a writer of batch <paramref name="batchId"/>
    /// needs: SQLite's write lock on the whole file (BEGIN IMMEDIATE), PostgreSQL's lock on the batch's row.
    /// </summary>
    public void HoldWriteLock(DbConnection connection, string batchId)
    {
        using var hold = connection.CreateCommand();
        hold.CommandText = Provider == DatabaseProvider.Sqlite
            ? "BEGIN IMMEDIATE"
            : $"BEGIN; SELECT id FROM batches WHERE id = '{batchId}' FOR UPDATE";
        hold.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (string database in _postgresDatabases)
        {
            try { PostgresServer.Shared.DropDatabase(database); }
            catch (DbException) { }
        }
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
