using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ScenarioGrid.Queries.Providers;

/// <summary>
/// The one SQLite file that holds everything durable. Several silo processes on one machine may share it: WAL mode
/// lets readers run beside one writer, <c>busy_timeout</c> makes a writer wait (rather than fail) while another
/// commits, and every write transaction is <c>BEGIN IMMEDIATE</c> (the driver's default), so writers are serialised
/// by the file lock. The schema version is <c>PRAGMA user_version</c>.
/// </summary>
/// <remarks>
/// Connections are not pooled: a pooled connection keeps the file open, so after the file is deleted or replaced it
/// would go on writing to the unlinked file and the data would silently vanish. Unpooled, such an <see cref="Open"/>
/// fails with a <see cref="DatabaseException"/>; the price is ~40 µs per open.
/// </remarks>
internal sealed class SqliteProvider : StoreProvider
{
    private const int SqliteNotADatabase = 26, SqliteCorrupt = 11, SqliteCantOpen = 14;

    // synchronous=FULL: a commit is on disk before it returns, so an acknowledged write survives power loss,
    // not only a process crash. Commits are few and coarse here (a checkpoint every few seconds).
    private const string ConnectionPragmas = """
        PRAGMA busy_timeout = 5000;
        PRAGMA foreign_keys = ON;
        PRAGMA synchronous = FULL;
        """;

    private readonly string _openString;
    private readonly string _createString;

    public SqliteProvider(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path.Contains(":memory:", StringComparison.OrdinalIgnoreCase) || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("a file path is required (in-memory and URI databases are not supported)", nameof(path));
        Path = System.IO.Path.GetFullPath(path);
        _openString = ConnectionString(Path, SqliteOpenMode.ReadWrite);
        _createString = ConnectionString(Path, SqliteOpenMode.ReadWriteCreate);
    }

    public string Path { get; }

    public override string Description => Path;

    /// <summary>
    /// Creates the folder and the file if missing, checks the file (<c>PRAGMA quick_check</c>, which reads the whole
    /// file: seconds for a multi-GB database), switches to WAL and applies <see cref="Schema.Migrations"/>.
    /// </summary>
    public override void Initialize()
    {
        EnsureFolder();
        using var connection = OpenWith(_createString);
        try
        {
            QuickCheck(connection);
            int version = UserVersion(connection);
            if (version > Schema.Version)
                throw new DatabaseException(Path,
                    $"its schema version is {version}, newer than this build knows ({Schema.Version}); use a newer build or another file");
            EnableWal(connection);
            if (version < Schema.Version) Migrate(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            throw new DatabaseException(Path, $"the file is not a SQLite database or is corrupt ({e.Message})", e);
        }
        catch (SqliteException e)
        {
            throw new DatabaseException(Path, $"cannot be initialised ({e.Message})", e);
        }
    }

    public override DbConnection Open() => OpenWith(_openString);

    /// <summary>As <see cref="Open"/>, with <c>query_only</c> set: the query library cannot change the file even by mistake.</summary>
    public override DbConnection OpenForReading()
    {
        var connection = OpenWith(_openString);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA query_only = ON";
        command.ExecuteNonQuery();
        return connection;
    }

    // Deferred: takes no lock until the first read, and the first read fixes the snapshot (WAL).
    public override DbTransaction BeginSnapshot(DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: true);

    public override void PrepareForReuse(DbCommand command) => command.Prepare();

    public override string InJsonIntegers(string column, string parameter) =>
        $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override string InJsonTexts(string column, string parameter) => InJsonIntegers(column, parameter);

    private SqliteConnection OpenWith(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = ConnectionPragmas;
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw e.SqliteErrorCode switch
            {
                SqliteCantOpen => new DatabaseException(Path,
                    File.Exists(Path)
                        ? $"the file cannot be opened for writing ({e.Message})"
                        : $"the file does not exist (deleted or moved after start-up?) ({e.Message})", e),
                SqliteNotADatabase or SqliteCorrupt => new DatabaseException(Path,
                    $"the file is not a SQLite database or is corrupt ({e.Message})", e),
                _ => new DatabaseException(Path, $"cannot be opened ({e.Message})", e),
            };
        }
    }

    private void EnsureFolder()
    {
        string folder = System.IO.Path.GetDirectoryName(Path)!;
        try
        {
            Directory.CreateDirectory(folder);
            // SQLite needs to create the -wal and -shm files beside the database: check now, with a clear message.
            using var probe = new FileStream(System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.probe"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseException(Path, $"its folder '{folder}' cannot be created or is not writable ({e.Message})", e);
        }
    }

    private void QuickCheck(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check";
        var problems = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) problems.Add(reader.GetString(0));
        if (problems is not ["ok"])
            throw new DatabaseException(Path, $"the file is corrupt (quick_check: {string.Join("; ", problems.Take(5))})");
    }

    private static int UserVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private void EnableWal(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL";
        string mode = Convert.ToString(command.ExecuteScalar()) ?? "";
        if (!mode.Equals("wal", StringComparison.OrdinalIgnoreCase))
            throw new DatabaseException(Path, $"cannot switch to WAL mode (journal_mode is '{mode}'); is it on a network file system?");
    }

    private void Migrate(SqliteConnection connection)
    {
        // BEGIN IMMEDIATE, and the version read again inside: another process may have migrated meanwhile.
        using var transaction = connection.BeginTransaction();
        int version = UserVersion(connection, transaction);
        if (version > Schema.Version)
            throw new DatabaseException(Path, $"its schema version is {version}, newer than this build knows ({Schema.Version})");
        for (; version < Schema.Version; version++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Schema.Migrations[version];
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();
}
