namespace ScenarioGrid.Queries;

/// <summary>Which engine holds the store: an embedded SQLite file (one machine) or a PostgreSQL server (a cluster of hosts).</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the store is: a SQLite file path, or a PostgreSQL connection string (Npgsql syntax,
/// <c>Host=db1;Port=5432;Database=scenariogrid;Username=sg;Password=…</c>).
/// </summary>
public sealed record DatabaseLocation(DatabaseProvider Provider, string Target)
{
    public static DatabaseLocation Sqlite(string path) => new(DatabaseProvider.Sqlite, path);

    public static DatabaseLocation Postgres(string connectionString) => new(DatabaseProvider.Postgres, connectionString);

    /// <summary>The embedded default, <see cref="ScenarioGridDatabase.DefaultPath"/>.</summary>
    public static DatabaseLocation Default { get; } = Sqlite(ScenarioGridDatabase.DefaultPath);

    /// <summary>
    /// The location a host's settings name (keys <c>Database</c>, <c>DatabasePath</c>, <c>PostgresConnection</c> of
    /// its section): <paramref name="provider"/> with <paramref name="path"/> (SQLite) or
    /// <paramref name="connectionString"/> (PostgreSQL).
    /// </summary>
    /// <exception cref="DatabaseSettingException">The settings are unusable; it names the key.</exception>
    public static DatabaseLocation FromSettings(DatabaseProvider provider, string? path, string? connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                if (string.IsNullOrWhiteSpace(path))
                    throw new DatabaseSettingException("DatabasePath", "a SQLite file path is required when Database is sqlite");
                return Sqlite(path);
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new DatabaseSettingException("PostgresConnection",
                        "a connection string (Host=…;Port=5432;Database=…;Username=…;Password=…) is required when Database is postgres");
                if (Providers.PostgresProvider.CheckConnectionString(connectionString) is { } problem)
                    throw new DatabaseSettingException("PostgresConnection", problem);
                return Postgres(connectionString);
            default:
                throw new DatabaseSettingException("Database", $"'{provider}' is not a database provider (sqlite or postgres)");
        }
    }

    /// <summary>The file path, or the server and database without the password: safe to log.</summary>
    public override string ToString() => Provider == DatabaseProvider.Sqlite
        ? Path.GetFullPath(Target)
        : Providers.PostgresProvider.Describe(Target);
}

/// <summary>A database setting is unusable: <see cref="Key"/> is the key within the host's section.</summary>
public sealed class DatabaseSettingException(string key, string problem) : Exception(problem)
{
    public string Key { get; } = key;
}
