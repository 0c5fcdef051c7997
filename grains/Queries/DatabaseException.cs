namespace ScenarioGrid.Queries;

/// <summary>
/// The database file cannot be used: it is not a SQLite database or is corrupt, its schema is newer than
/// this build, its folder is not writable, or it disappeared. The message names the file and the problem.
/// Errors of single operations (a constraint violated, say) stay <c>SqliteException</c>s.
/// </summary>
public sealed class DatabaseException : Exception
{
    public DatabaseException(string path, string problem, Exception? inner = null)
        : base($"SQLite database '{path}': {problem}", inner)
    {
        DatabasePath = path;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }
}
