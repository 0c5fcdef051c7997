using Dapper;
using ScenarioGrid.Queries;
using ScenarioGrid.Tests.Shared;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>
/// PostgreSQL's schema is written apart from SQLite's (<see cref="PostgresSchema"/>): the two must reach the same
/// version with the same tables and columns, and a PostgreSQL database is versioned and guarded as a file is.
/// </summary>
public sealed class PostgresSchemaTests : IDisposable
{
    private readonly TempDatabase _sqlite = new(DatabaseProvider.Sqlite);
    private readonly TempDatabase _postgres = new(DatabaseProvider.Postgres);

    public void Dispose()
    {
        _sqlite.Dispose();
        _postgres.Dispose();
    }

    [Fact]
    public void Both_providers_reach_the_same_version_with_the_same_tables_and_columns()
    {
        Assert.Equal(Schema.Version, PostgresSchema.BaselineVersion + PostgresSchema.Migrations.Count);
        using var sqlite = _sqlite.Database.Open();
        var sqliteColumns = sqlite.Query<(string, string)>("""
            SELECT t.name, c.name FROM sqlite_schema t, pragma_table_info(t.name) c
            WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' ORDER BY 1, 2
            """).ToList();
        using var postgres = _postgres.Database.Open();
        var postgresColumns = postgres.Query<(string, string)>("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> 'schema_version' ORDER BY 1, 2
            """).ToList();
        Assert.NotEmpty(sqliteColumns);
        Assert.Equal(sqliteColumns.Order(), postgresColumns.Order());
        Assert.Equal(Schema.Version, postgres.ExecuteScalar<int>("SELECT version FROM schema_version"));
    }

    [Fact]
    public void A_database_of_a_newer_schema_is_refused_with_its_version_and_unchanged()
    {
        using (var connection = _postgres.Database.Open())
            connection.Execute($"UPDATE schema_version SET version = {Schema.Version + 1}");
        var e = Assert.Throws<DatabaseException>(() => _postgres.Reopen());
        Assert.Contains($"schema version is {Schema.Version + 1}", e.Message);
        Assert.Contains("PostgreSQL database 'postgres://postgres@127.0.0.1:", e.Message);
        using var again = new Npgsql.NpgsqlConnection(_postgres.Location.Target);
        again.Open();
        Assert.Equal(Schema.Version + 1, again.ExecuteScalar<int>("SELECT version FROM schema_version"));
    }

    [Fact]
    public void Query_connections_cannot_write()
    {
        using var connection = _postgres.Database.OpenForReading();
        var e = Assert.ThrowsAny<Npgsql.PostgresException>(() => connection.Execute("DELETE FROM batches"));
        Assert.Equal("25006", e.SqlState); // read_only_sql_transaction
    }

    [Fact]
    public void An_unreachable_server_is_a_database_error_naming_it_without_the_password()
    {
        var database = new ScenarioGridDatabase(DatabaseLocation.Postgres(
            $"Host=127.0.0.1;Port={PostgresServer.Shared.Port};Database=nosuchdb;Username=postgres;Password=secret-pw;Timeout=5"));
        var e = Assert.Throws<DatabaseException>(database.Initialize);
        Assert.Contains("postgres://postgres@127.0.0.1", e.Message);
        Assert.DoesNotContain("secret-pw", e.Message);
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres, null, null, "PostgresConnection", "required when Database is postgres")]
    [InlineData(DatabaseProvider.Postgres, null, "Host=db1;Nonsense=1", "PostgresConnection", "not a valid Npgsql connection string")]
    [InlineData(DatabaseProvider.Postgres, null, "Host=db1", "PostgresConnection", "names no Database")]
    [InlineData(DatabaseProvider.Sqlite, " ", null, "DatabasePath", "a SQLite file path is required")]
    public void Unusable_settings_name_their_key(DatabaseProvider provider, string? path, string? connection, string key, string problem)
    {
        var e = Assert.Throws<DatabaseSettingException>(() => DatabaseLocation.FromSettings(provider, path, connection));
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Message);
    }
}
