using System.Data.Common;
using ScenarioGrid.Queries.Providers;

namespace ScenarioGrid.Queries;

/// <summary>
/// The store that holds everything durable: by default one SQLite file (several silo processes on one machine may
/// share it), or a PostgreSQL database shared by the silos of several hosts. The SQL is the same for both; what
/// differs lives in <c>Providers/</c>. Every operation opens its own short-lived connection.
/// </summary>
/// <remarks>Thread-safe and cheap to keep: it holds the location (and, for PostgreSQL, Npgsql's connection pools).</remarks>
public sealed class ScenarioGridDatabase
{
    /// <summary>The embedded default, relative to the working directory: every host and command uses it unless told otherwise.</summary>
    public const string DefaultPath = "data/scenariogrid.db";

    /// <summary>How long a SQLite connection waits for another writer before failing with SQLITE_BUSY.</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    private readonly StoreProvider _provider;
    private readonly Lock _initializeLock = new();
    private volatile bool _initialized;

    /// <summary>The SQLite file at <paramref name="path"/>.</summary>
    public ScenarioGridDatabase(string path) : this(DatabaseLocation.Sqlite(path))
    {
    }

    public ScenarioGridDatabase(DatabaseLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        Location = location;
        _provider = location.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteProvider(location.Target),
            DatabaseProvider.Postgres => new PostgresProvider(location.Target),
            _ => throw new ArgumentOutOfRangeException(nameof(location), location.Provider, "unknown database provider"),
        };
    }

    public DatabaseLocation Location { get; }

    public DatabaseProvider Provider => Location.Provider;

    /// <summary>SQLite: the full path of the file. PostgreSQL: server, database and user (never the password). Safe to log.</summary>
    public string Path => _provider.Description;

    /// <summary>The schema version this build writes (both providers).</summary>
    public static int SchemaVersion => Schema.Version;

    /// <summary>
    /// Creates what is missing (SQLite: the folder and the file; both: the tables), checks the store (SQLite:
    /// <c>PRAGMA quick_check</c>, which reads the whole file: seconds for a multi-GB database) and migrates it
    /// (idempotent; safe when several processes start at once). Call it at start-up to fail fast; otherwise the
    /// first <see cref="Open"/> calls it.
    /// </summary>
    /// <exception cref="DatabaseException">The store cannot be used.</exception>
    public void Initialize()
    {
        lock (_initializeLock)
        {
            _provider.Initialize();
            _initialized = true;
        }
    }

    /// <summary>
    /// An open connection (SQLite: with <c>foreign_keys=ON</c>, <c>busy_timeout</c> and <c>synchronous=FULL</c>
    /// set). Dispose it when the operation is done; use one per operation, on one thread.
    /// </summary>
    /// <exception cref="DatabaseException">The store is gone or cannot be reached.</exception>
    public DbConnection Open()
    {
        if (!_initialized) Initialize();
        return _provider.Open();
    }

    /// <summary>As <see cref="Open"/>, on a connection that refuses writes: the query library cannot change the store even by mistake.</summary>
    public DbConnection OpenForReading()
    {
        if (!_initialized) Initialize();
        return _provider.OpenForReading();
    }

    /// <summary>A read transaction on <paramref name="connection"/> whose statements all see one snapshot.</summary>
    public DbTransaction BeginSnapshot(DbConnection connection) => _provider.BeginSnapshot(connection);

    /// <inheritdoc cref="StoreProvider.PrepareForReuse"/>
    internal void PrepareForReuse(DbCommand command) => _provider.PrepareForReuse(command);

    /// <inheritdoc cref="StoreProvider.InJsonIntegers"/>
    internal string InJsonIntegers(string column, string parameter) => _provider.InJsonIntegers(column, parameter);

    /// <inheritdoc cref="StoreProvider.InJsonTexts"/>
    internal string InJsonTexts(string column, string parameter) => _provider.InJsonTexts(column, parameter);
}
