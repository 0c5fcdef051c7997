using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

public abstract class ConcurrencyTests(DatabaseProvider provider) : IDisposable
{
    private readonly TempDatabase _db = new(provider);

    public void Dispose() => _db.Dispose();

    /// <summary>A dedicated thread: the barrier blocks, and the pool of a 2-core machine grows slowly.</summary>
    private static Task OnThread(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static Checkpoint Checkpoint(string batchId, long trials, byte mark) =>
        new(batchId, [.. Enumerable.Repeat(mark, 256)], new UnitSet(4).ToBytes(), trials, TestData.T0.AddSeconds(trials));

    [Fact]
    public async Task Two_processes_writing_at_once_wait_for_each_other_instead_of_failing()
    {
        // Two database objects on one file (as two silo processes): unpooled, each operation is its own SQLite connection.
        var first = _db.Database;
        var second = _db.Reopen();
        await TestData.Seed(first, "b1", "b2");
        const int Saves = 200;

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Write(ScenarioGridDatabase database, string batchId)
        {
            var store = new BatchStore(database);
            var queries = new BatchQueries(database);
            var batch = (await store.Load(batchId))! with { Status = BatchStatus.Running };
            await start.Task;
            for (int i = 0; i < Saves; i++)
            {
                var next = batch with { TrialsDone = i + 1 };
                Assert.True(await store.Save(next, new Checkpoint(batchId, new byte[256], new byte[25], i + 1, DateTimeOffset.UtcNow),
                    [new UnitRun(batchId, i, $"silo-{batchId}", 1, 0.01)]));
                batch = next with { Version = next.Version + 1 };
                _ = queries.Get(batchId == "b1" ? "b2" : "b1"); // and read what the other writes
            }
        }

        var writers = new[] { Write(first, "b1"), Write(second, "b2") };
        start.SetResult();
        await Task.WhenAll(writers); // throws if either saw SQLITE_BUSY or lost a write

        foreach (string id in new[] { "b1", "b2" })
        {
            Assert.Equal([new SiloUnits($"silo-{id}", Saves, Saves, 0.01 * Saves)], new BatchQueries(first).UnitsPerSilo(id),
                new SiloUnitsComparer(1e-9));
            var stored = new BatchQueries(second).Get(id)!;
            Assert.Equal((Saves, Saves), (stored.TrialsDone, stored.Version));
        }
    }

    [Fact]
    public async Task Two_processes_initialising_a_new_file_at_once_both_succeed()
    {
        var path = _db.FreshLocation();
        var barrier = new Barrier(4);
        var tasks = Enumerable.Range(0, 4).Select(_ => OnThread(() =>
        {
            var database = new ScenarioGridDatabase(path);
            barrier.SignalAndWait();
            database.Initialize();
            new ScenarioStore(database).SaveNow(TestData.Scenario());
        })).ToArray();
        await Task.WhenAll(tasks);
        Assert.Single(new ScenarioQueries(new ScenarioGridDatabase(path)).List());
    }

    [Fact]
    public async Task A_write_waits_while_another_process_holds_the_write_lock()
    {
        await TestData.Seed(_db.Database, "b1");
        var batch = (await new BatchStore(_db.Database).Load("b1"))!;
        var other = _db.Reopen();
        using var locker = other.Open();
        _db.HoldWriteLock(locker, "b1");

        var write = new BatchStore(_db.Database).Save(batch with { TrialsDone = 7 });
        await Task.Delay(700);
        Assert.False(write.IsCompleted); // still waiting for the lock, not failed
        using (var release = locker.CreateCommand())
        {
            release.CommandText = "COMMIT";
            release.ExecuteNonQuery();
        }
        // (No assertion on the elapsed time: Task.Delay and Stopwatch disagree by a millisecond now and then; that the
        // write had not completed while the lock was held is the point.)
        Assert.True(await write);
        Assert.Equal(7, new BatchQueries(other).Get("b1")!.TrialsDone);
    }

    /// <summary>
    /// Two activations of one batch grain (Orleans, briefly, after a silo died; or a CLI process on the same file)
    /// load the same row. The first to save wins; the other's save, made from the version it loaded, fails and
    /// writes none of its row, checkpoint or runs, so a slower writer cannot put older progress back.
    /// </summary>
    [Fact]
    public async Task Of_two_writers_that_loaded_the_same_version_the_second_save_fails_and_leaves_the_first_writers_state_checkpoint_and_runs()
    {
        await TestData.Seed(_db.Database, "b1");
        var a = new BatchStore(_db.Database);
        var b = new BatchStore(_db.Reopen());
        var started = await a.Start("b1");
        var loadedByA = (await a.Load("b1"))!;
        var loadedByB = (await b.Load("b1"))!;
        Assert.Equal(loadedByA, loadedByB);

        var savedByA = loadedByA with { TrialsDone = 2000 };
        var checkpointOfA = Checkpoint("b1", 2000, 0xA);
        Assert.True(await a.Save(savedByA, checkpointOfA, [new UnitRun("b1", 0, "silo-a", 1000, 1), new UnitRun("b1", 1, "silo-a", 1000, 1)]));

        Assert.False(await b.Save(loadedByB with { TrialsDone = 1000, Error = "b was here" }, Checkpoint("b1", 1000, 0xB),
            [new UnitRun("b1", 1, "silo-b", 1000, 5), new UnitRun("b1", 2, "silo-b", 1000, 5)]));

        Assert.Equal(savedByA with { Version = started.Version + 1 }, await b.Load("b1"));
        var checkpoint = (await b.LoadCheckpoint("b1"))!;
        Assert.Equal(checkpointOfA.Partial, checkpoint.Partial);
        Assert.Equal((checkpointOfA.TrialsDone, checkpointOfA.UpdatedAt), (checkpoint.TrialsDone, checkpoint.UpdatedAt));
        Assert.Equal([("silo-a", 0), ("silo-a", 1)], TestData.Runs(_db.Database, "b1").Select(r => (r.Silo, r.UnitIndex)));

        // Having reloaded, b saves on top of a's state.
        var reloaded = (await b.Load("b1"))!;
        Assert.True(await b.Save(reloaded with { TrialsDone = 3000 }, Checkpoint("b1", 3000, 0xB), [new UnitRun("b1", 2, "silo-b", 1000, 5)]));
        Assert.Equal(started.Version + 2, (await a.Load("b1"))!.Version);
        Assert.Equal([("silo-a", 0), ("silo-a", 1), ("silo-b", 2)], TestData.Runs(_db.Database, "b1").Select(r => (r.Silo, r.UnitIndex)));
    }

    [Fact]
    public async Task A_stale_final_save_neither_finishes_the_batch_nor_deletes_its_checkpoint_nor_writes_results()
    {
        await TestData.Seed(_db.Database, "b1");
        var a = new BatchStore(_db.Database);
        var b = new BatchStore(_db.Reopen());
        await a.Start("b1");
        var loadedByB = (await b.Load("b1"))!;
        var checkpointOfA = Checkpoint("b1", 2000, 0xA);
        var savedByA = await a.Step("b1", r => r with { TrialsDone = 2000 }, checkpointOfA, [new UnitRun("b1", 0, "silo-a", 2000, 1)]);

        Assert.False(await b.Save(loadedByB with { Status = BatchStatus.Completed, TrialsDone = 100_000, FinishedAt = TestData.T0.AddHours(1) },
            Checkpoint("b1", 100_000, 0xB), [new UnitRun("b1", 3, "silo-b", 1000, 1)], ResultTests.Awkward()));

        Assert.Equal(savedByA, await a.Load("b1"));
        Assert.Equal(checkpointOfA.Partial, (await a.LoadCheckpoint("b1"))!.Partial);
        Assert.Equal([0], TestData.Runs(_db.Database, "b1").Select(r => r.UnitIndex));
        Assert.Null(new ResultQueries(_db.Database).Document("b1"));
    }

    [Fact]
    public async Task Of_several_writers_saving_the_same_version_at_once_exactly_one_succeeds_and_only_its_writes_are_stored()
    {
        await TestData.Seed(_db.Database, "b1");
        await new BatchStore(_db.Database).Start("b1");
        const int Writers = 4;
        var stores = Enumerable.Range(0, Writers).Select(_ => new BatchStore(_db.Reopen())).ToArray();
        var loaded = await Task.WhenAll(stores.Select(s => s.Load("b1")));

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<bool> Save(int w)
        {
            await start.Task;
            return await stores[w].Save(loaded[w]! with { TrialsDone = 1000 * (w + 1) }, Checkpoint("b1", 1000 * (w + 1), (byte)w),
                [new UnitRun("b1", w, $"silo-{w}", 1000, 1)]);
        }
        var saves = Enumerable.Range(0, Writers).Select(Save).ToArray();
        start.SetResult();
        bool[] won = await Task.WhenAll(saves);

        int winner = Assert.Single(Enumerable.Range(0, Writers), w => won[w]);
        var stored = (await stores[0].Load("b1"))!;
        Assert.Equal((1000L * (winner + 1), loaded[0]!.Version + 1), (stored.TrialsDone, stored.Version));
        Assert.Equal(Enumerable.Repeat((byte)winner, 256), (await stores[0].LoadCheckpoint("b1"))!.Partial);
        Assert.Equal([new UnitRun("b1", winner, $"silo-{winner}", 1000, 1)], TestData.Runs(_db.Database, "b1"));
    }

    /// <summary>Sums of seconds are sums of doubles: compare those within a tolerance, the rest exactly.</summary>
    private sealed class SiloUnitsComparer(double tolerance) : IEqualityComparer<SiloUnits>
    {
        public bool Equals(SiloUnits? x, SiloUnits? y) =>
            x is not null && y is not null && (x.Silo, x.Units, x.Trials) == (y.Silo, y.Units, y.Trials) && Math.Abs(x.Seconds - y.Seconds) <= tolerance;

        public int GetHashCode(SiloUnits obj) => (obj.Silo, obj.Units, obj.Trials).GetHashCode();
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteConcurrencyTests() : ConcurrencyTests(DatabaseProvider.Sqlite);

/// <summary>The tests above on PostgreSQL.</summary>
public sealed class PostgresConcurrencyTests() : ConcurrencyTests(DatabaseProvider.Postgres);
