namespace ScenarioGrid.Queries;

/// <summary>
/// The database cannot be used: a SQLite file that is not a database or is corrupt, a schema newer than this
/// build, a folder that is not writable, a file that disappeared, or a PostgreSQL server that cannot be reached.
/// The message names the store and the problem. Errors of single operations (a constraint violated, say) stay the
/// driver's exceptions (<c>SqliteException</c>, <c>PostgresException</c>).
/// </summary>
public sealed class DatabaseException : Exception
{
    public DatabaseException(string path, string problem, Exception? inner = null, string engine = "SQLite")
        : base($"{engine} database '{path}': {problem}", inner)
    {
        DatabasePath = path;
    }

    /// <summary>The full path of the database file, or the PostgreSQL server and database (no password).</summary>
    public string DatabasePath { get; }
}
