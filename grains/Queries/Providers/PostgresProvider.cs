using System.Data;
using System.Data.Common;
using Npgsql;

namespace ScenarioGrid.Queries.Providers;

/// <summary>
/// A PostgreSQL database shared by the silos of several hosts. Writers meet on row locks, not a file lock: a batch
/// write is an <c>UPDATE … WHERE version = @Version</c> first, which locks the batch's row until commit, so a second
/// writer of the same batch waits, then finds the version moved and writes nothing (READ COMMITTED re-checks the
/// condition on the new row). Everything the batch commits with that update (checkpoint, unit runs, results) is in
/// the same transaction. Reads run in REPEATABLE READ when they need one snapshot. Connections are pooled by Npgsql
/// (one pool for writes, one whose sessions are read-only for the queries).
/// </summary>
internal sealed class PostgresProvider : StoreProvider
{
    // Any constant both sides agree on: the migration of one database runs under this advisory lock.
    private const long MigrationLock = 0x5347_5343_4845_4D41; // "SGSCHEMA"

    private const string CreateVersionTable = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";

    private readonly NpgsqlDataSource _writer;
    private readonly NpgsqlDataSource _reader;

    public PostgresProvider(string connectionString)
    {
        if (CheckConnectionString(connectionString) is { } problem) throw new ArgumentException(problem, nameof(connectionString));
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = Describe(builder);
        _writer = NpgsqlDataSource.Create(builder);
        // A session default, not a SET on a pooled connection: the read-only pool never hands out a writable session.
        var reading = new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            Options = ((builder.Options ?? "") + " -c default_transaction_read_only=on").Trim(),
            ApplicationName = (builder.ApplicationName ?? "scenariogrid") + "-reader",
        };
        _reader = NpgsqlDataSource.Create(reading);
    }

    public override string Description { get; }

    /// <summary>Null when Npgsql accepts the connection string and it names a host and a database; else the problem.</summary>
    public static string? CheckConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host)) return "the connection string names no Host";
            if (string.IsNullOrWhiteSpace(builder.Database)) return "the connection string names no Database";
            return null;
        }
        catch (ArgumentException e)
        {
            return $"not a valid Npgsql connection string ({e.Message})";
        }
    }

    /// <summary>Host, port, database and user, never the password.</summary>
    public static string Describe(string connectionString) =>
        CheckConnectionString(connectionString) is null ? Describe(new NpgsqlConnectionStringBuilder(connectionString)) : "(invalid connection string)";

    private static string Describe(NpgsqlConnectionStringBuilder b) => $"postgres://{b.Username}@{b.Host}:{b.Port}/{b.Database}";

    public override void Initialize()
    {
        using var connection = Open();
        try
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})");
            Execute(connection, transaction, CreateVersionTable);
            int? version = CurrentVersion(connection, transaction);
            if (version > Schema.Version)
                throw new DatabaseException(Description,
                    $"its schema version is {version}, newer than this build knows ({Schema.Version}); use a newer build or another database", engine: "PostgreSQL");
            if (version is null)
            {
                Execute(connection, transaction, PostgresSchema.Baseline);
                Execute(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({PostgresSchema.BaselineVersion})");
                version = PostgresSchema.BaselineVersion;
            }
            for (int v = version.Value; v < Schema.Version; v++)
            {
                Execute(connection, transaction, PostgresSchema.Migrations[v - PostgresSchema.BaselineVersion]);
                Execute(connection, transaction, $"UPDATE schema_version SET version = {v + 1}");
            }
            transaction.Commit();
        }
        catch (PostgresException e)
        {
            throw new DatabaseException(Description, $"cannot be initialised ({e.MessageText})", e, engine: "PostgreSQL");
        }
    }

    public override DbConnection Open() => OpenFrom(_writer);

    public override DbConnection OpenForReading() => OpenFrom(_reader);

    public override DbTransaction BeginSnapshot(DbConnection connection) => connection.BeginTransaction(IsolationLevel.RepeatableRead);

    // Row commands are sent in batches instead (Persistence's RowInserter). A server-side prepare would fix the
    // parameter types from the first row's (often null) values, and Npgsql's auto-prepare was seen to lose track of
    // its statements after a batch failed half-way ("prepared statement _auto1 does not exist" on the next use).
    public override void PrepareForReuse(DbCommand command)
    {
    }

    public override string InJsonIntegers(string column, string parameter) =>
        $"{column} IN (SELECT CAST(value AS INTEGER) FROM json_array_elements_text(CAST({parameter} AS json)))";

    public override string InJsonTexts(string column, string parameter) =>
        $"{column} IN (SELECT json_array_elements_text(CAST({parameter} AS json)))";

    private NpgsqlConnection OpenFrom(NpgsqlDataSource source)
    {
        try
        {
            return source.OpenConnection();
        }
        catch (NpgsqlException e)
        {
            throw new DatabaseException(Description, $"cannot connect ({e.Message})", e, engine: "PostgreSQL");
        }
    }

    private static int? CurrentVersion(DbConnection connection, DbTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM schema_version";
        return command.ExecuteScalar() is { } v and not DBNull ? Convert.ToInt32(v) : null;
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
