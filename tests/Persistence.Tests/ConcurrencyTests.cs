using ScenarioGrid.Persistence;

namespace ScenarioGrid.Persistence.Tests;

public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    /// <summary>A dedicated thread: the barrier blocks, and the pool of a 2-core machine grows slowly.</summary>
    private static Task OnThread(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    [Fact]
    public async Task Two_processes_writing_at_once_wait_for_each_other_instead_of_failing()
    {
        // Two database objects on one file (as two silo processes): unpooled, each operation is its own SQLite connection.
        var first = _db.Database;
        var second = _db.Reopen();
        TestData.Seed(first, "b1", "b2");
        const int Transactions = 200;

        var barrier = new Barrier(2);
        void Write(ScenarioGridDatabase database, string batchId)
        {
            var checkpoints = new CheckpointStore(database);
            var batches = new BatchStore(database);
            barrier.SignalAndWait();
            for (int i = 0; i < Transactions; i++)
            {
                checkpoints.Save(new Checkpoint(batchId, new byte[256], new byte[25], i + 1, DateTimeOffset.UtcNow),
                    [new ChunkRun(batchId, i, $"silo-{batchId}", 1, 0.01)]);
                _ = batches.Get(batchId == "b1" ? "b2" : "b1"); // and read what the other writes
            }
        }

        await Task.WhenAll(OnThread(() => Write(first, "b1")), OnThread(() => Write(second, "b2"))); // throws if either saw SQLITE_BUSY

        foreach (string id in new[] { "b1", "b2" })
        {
            Assert.Equal(Transactions, new CheckpointStore(first).Runs(id).Count);
            Assert.Equal(Transactions, new BatchStore(second).Get(id)!.TrialsDone);
        }
    }

    [Fact]
    public async Task Two_processes_initialising_a_new_file_at_once_both_succeed()
    {
        string path = Path.Combine(_db.Folder, "fresh.db");
        var barrier = new Barrier(4);
        var tasks = Enumerable.Range(0, 4).Select(_ => OnThread(() =>
        {
            var database = new ScenarioGridDatabase(path);
            barrier.SignalAndWait();
            database.Initialize();
            new ScenarioStore(database).Save(TestData.Scenario());
        })).ToArray();
        await Task.WhenAll(tasks);
        Assert.Single(new ScenarioStore(new ScenarioGridDatabase(path)).List());
    }

    [Fact]
    public async Task A_write_waits_while_another_process_holds_the_write_lock()
    {
        TestData.Seed(_db.Database, "b1");
        var other = _db.Reopen();
        using var locker = other.Open();
        using (var hold = locker.CreateCommand())
        {
            hold.CommandText = "BEGIN IMMEDIATE";
            hold.ExecuteNonQuery();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var write = OnThread(() => new BatchStore(_db.Database).SetProgress("b1", 7));
        await Task.Delay(700);
        Assert.False(write.IsCompleted); // still waiting for the lock, not failed
        using (var release = locker.CreateCommand())
        {
            release.CommandText = "COMMIT";
            release.ExecuteNonQuery();
        }
        await write;
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(700));
        Assert.Equal(7, new BatchStore(other).Get("b1")!.TrialsDone);
    }
}
