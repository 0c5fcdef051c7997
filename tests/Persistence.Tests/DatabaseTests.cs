using Microsoft.Data.Sqlite;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

public sealed class DatabaseTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sg-persistence-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private string NewPath(string name = "scenariogrid.db") => Path.Combine(_folder, name);

    [Fact]
    public void A_missing_file_and_folder_are_created_with_the_schema_in_WAL_mode()
    {
        string path = Path.Combine(_folder, "nested", "deeper", "scenariogrid.db");
        var database = new ScenarioGridDatabase(path);
        database.Initialize();

        Assert.True(File.Exists(path));
        using var connection = database.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(ScenarioGridDatabase.SchemaVersion, Convert.ToInt32(Scalar(connection, "PRAGMA user_version")));
        Assert.Equal(1L, Scalar(connection, "PRAGMA foreign_keys"));
        Assert.Equal(5000L, Scalar(connection, "PRAGMA busy_timeout"));
        Assert.Equal(2L, Scalar(connection, "PRAGMA synchronous")); // FULL
        foreach (string table in new[] { "scenarios", "scenario_ancestors", "batches", "batch_checkpoints", "unit_runs",
                     "result_documents", "series", "milestones", "milestone_years", "comparisons" })
            Assert.Equal(1L, Scalar(connection, $"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '{table}'"));
        foreach (string gone in new[] { "chunk_runs", "grain_state" })
            Assert.Equal(0L, Scalar(connection, $"SELECT count(*) FROM sqlite_schema WHERE name = '{gone}'"));
    }

    [Fact]
    public void Open_initialises_a_database_nobody_initialised()
    {
        var database = new ScenarioGridDatabase(NewPath());
        using var connection = database.Open();
        Assert.Equal(ScenarioGridDatabase.SchemaVersion, Convert.ToInt32(Scalar(connection, "PRAGMA user_version")));
    }

    /// <summary>V2's ALTER TABLEs fail when run twice, so this also shows an up-to-date file is not migrated again.</summary>
    [Fact]
    public async Task Initialising_an_initialised_file_again_is_harmless()
    {
        string path = NewPath();
        var database = new ScenarioGridDatabase(path);
        database.Initialize();
        await TestData.Seed(database, "b1");
        database.Initialize();
        new ScenarioGridDatabase(path).Initialize();

        Assert.NotNull(new BatchQueries(database).Get("b1"));
        using var connection = database.Open();
        Assert.Equal(ScenarioGridDatabase.SchemaVersion, Convert.ToInt32(Scalar(connection, "PRAGMA user_version")));
    }

    [Fact]
    public void The_schema_version_is_2_with_one_migration_per_version()
    {
        Assert.Equal(4, ScenarioGridDatabase.SchemaVersion);
        Assert.Equal(ScenarioGridDatabase.SchemaVersion, Schema.Migrations.Count);
        for (int i = 0; i < Schema.Migrations.Count; i++)
            Assert.EndsWith($"PRAGMA user_version = {i + 1};", Schema.Migrations[i].TrimEnd());
    }

    [Fact]
    public async Task Connections_opened_for_reading_cannot_write()
    {
        var database = new ScenarioGridDatabase(NewPath());
        await TestData.Seed(database, "b1");

        using (var reader = database.OpenForReading())
        {
            Assert.Equal(1L, Scalar(reader, "PRAGMA query_only"));
            Assert.Equal(1L, Scalar(reader, "SELECT count(*) FROM batches")); // reading works
            foreach (string write in new[]
                     {
                         "UPDATE batches SET trials_done = 5 WHERE id = 'b1'",
                         "DELETE FROM batches",
                         "INSERT INTO scenarios (sha256, id, name, yaml, file_name, created_at) VALUES ('x', 'x', 'x', 'x', 'x', 'x')",
                         "CREATE TABLE sneaky (x)",
                     })
            {
                var e = Assert.Throws<SqliteException>(() => Scalar(reader, write));
                Assert.Equal(SqliteReadOnly, e.SqliteErrorCode);
            }
        }

        // Nothing changed, and a writer's connection (the pool is off) is not read-only.
        using var writer = database.Open();
        Assert.Equal(0L, Scalar(writer, "PRAGMA query_only"));
        Assert.Equal((1L, 0L), ((long)Scalar(writer, "SELECT count(*) FROM batches")!, (long)Scalar(writer, "SELECT trials_done FROM batches")!));
        Assert.Equal(1L, Scalar(writer, "SELECT count(*) FROM scenarios"));
        Assert.Equal(0L, Scalar(writer, "SELECT count(*) FROM sqlite_schema WHERE name = 'sneaky'"));
    }

    [Fact]
    public void A_file_of_garbage_gives_a_DatabaseException_naming_the_file()
    {
        string path = NewPath();
        Directory.CreateDirectory(_folder);
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);

        var e = Assert.Throws<DatabaseException>(() => new ScenarioGridDatabase(path).Initialize());
        Assert.Contains(path, e.Message);
        Assert.Contains("not a SQLite database", e.Message);
        Assert.Equal(path, e.DatabasePath);
        Assert.Equal(garbage, File.ReadAllBytes(path)); // and the file is left as it was
    }

    [Fact]
    public async Task A_database_with_damaged_pages_gives_a_DatabaseException()
    {
        string path = NewPath();
        var database = new ScenarioGridDatabase(path);
        await TestData.Seed(database, [.. Enumerable.Range(0, 300).Select(i => $"batch-{i}")]);
        using (var connection = database.Open())
            Scalar(connection, "PRAGMA wal_checkpoint(TRUNCATE)");

        // Keep the 100-byte header (so it is still "a SQLite file") and wreck the pages after the first.
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            var junk = new byte[file.Length - 4096];
            new Random(11).NextBytes(junk);
            file.Position = 4096;
            file.Write(junk);
        }

        var e = Assert.Throws<DatabaseException>(() => new ScenarioGridDatabase(path).Initialize());
        Assert.Contains(path, e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void A_schema_newer_than_this_build_gives_a_DatabaseException()
    {
        string path = NewPath();
        Directory.CreateDirectory(_folder);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, $"PRAGMA user_version = {ScenarioGridDatabase.SchemaVersion + 1}");
        }

        var e = Assert.Throws<DatabaseException>(() => new ScenarioGridDatabase(path).Initialize());
        Assert.Contains(path, e.Message);
        Assert.Contains("newer", e.Message);
        Assert.Contains($"{ScenarioGridDatabase.SchemaVersion + 1}", e.Message);
    }

    [Fact]
    public void A_folder_that_cannot_be_created_gives_a_DatabaseException()
    {
        // A regular file where the folder should be: creating the folder fails even for root.
        Directory.CreateDirectory(_folder);
        string blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, "x");
        string path = Path.Combine(blocker, "scenariogrid.db");

        var e = Assert.Throws<DatabaseException>(() => new ScenarioGridDatabase(path).Initialize());
        Assert.Contains(path, e.Message);
        Assert.Contains("folder", e.Message);
    }

    [Fact]
    public void A_folder_that_is_not_writable_gives_a_DatabaseException()
    {
        // /proc refuses new files even to root, unlike a chmod-ed folder.
        string path = $"/proc/self/sg-{Guid.NewGuid():N}/scenariogrid.db";
        if (!OperatingSystem.IsLinux()) return;

        var e = Assert.Throws<DatabaseException>(() => new ScenarioGridDatabase(path).Initialize());
        Assert.Contains(path, e.Message);
        Assert.Contains("not writable", e.Message);
    }

    [Fact]
    public async Task A_file_deleted_after_start_up_is_reported_not_silently_recreated()
    {
        string path = NewPath();
        var database = new ScenarioGridDatabase(path);
        await TestData.Seed(database, "b1");
        foreach (string f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);

        var e = Assert.Throws<DatabaseException>(() => new BatchQueries(database).Get("b1"));
        Assert.Contains(path, e.Message);
        Assert.Contains("does not exist", e.Message);
        var write = await Assert.ThrowsAsync<DatabaseException>(() => new BatchStore(database).Save(TestData.Batch("b1") with { TrialsDone = 1 }));
        Assert.Contains("does not exist", write.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void In_memory_databases_are_refused() =>
        Assert.Throws<ArgumentException>(() => new ScenarioGridDatabase(":memory:"));

    private const int SqliteReadOnly = 8;

    internal static object? Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
