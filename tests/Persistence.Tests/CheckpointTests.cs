using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>
/// What <see cref="BatchStore.Save"/> writes beside the row: the checkpoint, the unit runs it covers (first run of
/// a unit wins) and, for a finished batch, the checkpoint's removal; all in one transaction.
/// </summary>
public abstract class CheckpointTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly TempDatabase _db = new(provider);
    private BatchStore Batches => new(_db.Database);
    private BatchQueries Reader => new(_db.Database);


    public async Task InitializeAsync()
    {
        await TestData.Seed(_db.Database, "b1", "b2");
        await Batches.Start("b1");
        await Batches.Start("b2");
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A checkpoint of a 4-unit batch with the given units done.</summary>
    private static Checkpoint Checkpoint(string batchId, long trials, params int[] done)
    {
        var set = new UnitSet(4);
        foreach (int i in done) set.Set(i);
        return new Checkpoint(batchId, [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * trials))], set.ToBytes(), trials, TestData.T0.AddSeconds(trials));
    }

    /// <summary>Saves the stored row with <paramref name="trials"/> done, the checkpoint and the runs; asserts it succeeded.</summary>
    private Task<BatchRecord> Progress(Checkpoint checkpoint, params UnitRun[] runs) =>
        Batches.Step(checkpoint.BatchId, b => b with { TrialsDone = checkpoint.TrialsDone }, checkpoint, runs);

    private static void AssertSame(Checkpoint expected, Checkpoint? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.BatchId, actual.BatchId);
        Assert.Equal(expected.Partial, actual.Partial);
        Assert.Equal(expected.DoneUnits, actual.DoneUnits);
        Assert.Equal(expected.TrialsDone, actual.TrialsDone);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
    }

    [Fact]
    public async Task Save_then_LoadCheckpoint_and_a_later_save_replaces_the_checkpoint()
    {
        Assert.Null(await Batches.LoadCheckpoint("b1"));
        var first = Checkpoint("b1", 1000, 0);
        await Progress(first, new UnitRun("b1", 0, "silo-a", 1000, 1.5));
        AssertSame(first, await Batches.LoadCheckpoint("b1"));
        Assert.Equal(1000, Reader.Get("b1")!.TrialsDone);

        var second = Checkpoint("b1", 3000, 0, 1, 3);
        await Progress(second, new UnitRun("b1", 1, "silo-b", 1000, 2.25), new UnitRun("b1", 3, "silo-a", 1000, 0.75));
        var loaded = await Batches.LoadCheckpoint("b1");
        AssertSame(second, loaded);
        Assert.Equal(3000, Reader.Get("b1")!.TrialsDone);
        var done = UnitSet.FromBytes(loaded!.DoneUnits, 4);
        Assert.Equal([0, 1, 3], Enumerable.Range(0, 4).Where(done.Contains));

        Assert.Equal(
            [new UnitRun("b1", 0, "silo-a", 1000, 1.5), new UnitRun("b1", 1, "silo-b", 1000, 2.25), new UnitRun("b1", 3, "silo-a", 1000, 0.75)],
            TestData.Runs(_db.Database, "b1"));
        Assert.Equal([new SiloUnits("silo-a", 2, 2000, 2.25), new SiloUnits("silo-b", 1, 1000, 2.25)], Reader.UnitsPerSilo("b1"));
        Assert.Null(await Batches.LoadCheckpoint("b2"));
        Assert.Empty(TestData.Runs(_db.Database, "b2"));
        Assert.Empty(Reader.UnitsPerSilo("b2"));
    }

    [Fact]
    public async Task A_save_without_a_checkpoint_keeps_the_last_one()
    {
        var checkpoint = Checkpoint("b1", 2000, 0, 1);
        await Progress(checkpoint, new UnitRun("b1", 0, "silo-a", 1000, 1), new UnitRun("b1", 1, "silo-a", 1000, 1));
        await Batches.Step("b1", b => b with { Error = "a note" });
        AssertSame(checkpoint, await Batches.LoadCheckpoint("b1"));
        Assert.Equal(2, TestData.Runs(_db.Database, "b1").Count);
    }

    public static TheoryData<string, Type> FailingParts() => new()
    {
        { "checkpoint", typeof(DbException) }, // SqliteException or PostgresException
        { "run", typeof(DbException) },
        { "result", typeof(InvalidOperationException) }, // a null string the driver refuses to bind
    };

    /// <summary>Each part fails after the row, and what came before it in the transaction, were written.</summary>
    [Theory]
    [MemberData(nameof(FailingParts))]
    public async Task A_failure_in_any_part_of_a_save_leaves_the_previous_row_checkpoint_runs_and_results(string failing, Type exception)
    {
        var first = Checkpoint("b1", 2000, 0, 1);
        await Progress(first, new UnitRun("b1", 0, "silo-a", 1000, 1), new UnitRun("b1", 1, "silo-a", 1000, 1));
        var before = (await Batches.Load("b1"))!;

        var next = before with { TrialsDone = 3000 };
        var checkpoint = Checkpoint("b1", 3000, 0, 1, 2);
        UnitRun[] runs = [new UnitRun("b1", 2, "silo-b", 1000, 1), new UnitRun("b1", 3, "silo-b", 1000, 1)];
        BatchResult? result = null;
        switch (failing)
        {
            case "checkpoint": // partial is NOT NULL
                checkpoint = checkpoint with { Partial = null! };
                break;
            case "run": // the second run has no silo: NOT NULL fails after the checkpoint and unit 2 were written
                runs[1] = runs[1] with { Silo = null! };
                break;
            case "result": // a final save whose results fail half-way (the last comparison): the row stays Running, the checkpoint stays
                next = next with { Status = BatchStatus.Completed, FinishedAt = TestData.T0.AddMinutes(1) };
                var awkward = ResultTests.Awkward();
                result = awkward with { Comparisons = [awkward.Comparisons[0], awkward.Comparisons[1] with { A = null! }] };
                break;
        }
        var e = await Assert.ThrowsAnyAsync<Exception>(() => Batches.Save(next, checkpoint, runs, result));
        Assert.IsAssignableFrom(exception, e);
        if (e is SqliteException sqlite) Assert.Contains(failing == "run" ? "unit_runs.silo" : "batch_checkpoints.partial", sqlite.Message);
        if (e is PostgresException postgres)
            Assert.Equal(failing == "run" ? ("unit_runs", "silo") : ("batch_checkpoints", "partial"), (postgres.TableName, postgres.ColumnName));

        Assert.Equal(before, await Batches.Load("b1"));
        AssertSame(first, await Batches.LoadCheckpoint("b1"));
        Assert.Equal([0, 1], TestData.Runs(_db.Database, "b1").Select(r => r.UnitIndex));
        Assert.Null(new ResultQueries(_db.Database).Document("b1"));
        Assert.Empty(new ResultQueries(_db.Database).Series("b1"));

        // And the same save, mended, then goes through at the same version.
        Assert.True(await Batches.Save(next, Checkpoint("b1", 3000, 0, 1, 2), [new UnitRun("b1", 2, "silo-b", 1000, 1)], result is null ? null : ResultTests.Awkward()));
        Assert.Equal(before.Version + 1, (await Batches.Load("b1"))!.Version);
    }

    /// <summary>
    /// A unit redone after a crash (or by a second activation) ran twice: the first recorded run stays, and the
    /// later one neither fails the save nor counts twice.
    /// </summary>
    [Fact]
    public async Task A_repeated_unit_keeps_its_first_run()
    {
        await Progress(Checkpoint("b1", 2000, 0, 1), new UnitRun("b1", 0, "silo-a", 1000, 1), new UnitRun("b1", 1, "silo-a", 1000, 1));

        var newer = Checkpoint("b1", 3000, 0, 1, 2);
        await Progress(newer, new UnitRun("b1", 2, "silo-b", 1000, 1), new UnitRun("b1", 1, "silo-b", 1000, 1));
        AssertSame(newer, await Batches.LoadCheckpoint("b1"));
        Assert.Equal([("silo-a", 0), ("silo-a", 1), ("silo-b", 2)], TestData.Runs(_db.Database, "b1").Select(r => (r.Silo, r.UnitIndex)));
        Assert.Equal(3000, Reader.Get("b1")!.TrialsDone);
        Assert.Equal([new SiloUnits("silo-a", 2, 2000, 2), new SiloUnits("silo-b", 1, 1000, 1)], Reader.UnitsPerSilo("b1"));
    }

    [Fact]
    public async Task UnitsPerSilo_sums_units_trials_and_seconds_per_silo_ordered_by_silo()
    {
        await Progress(Checkpoint("b1", 4000, 0, 1, 2, 3),
            new UnitRun("b1", 0, "silo-c", 1000, 0.5), new UnitRun("b1", 1, "silo-a", 999, 0.25),
            new UnitRun("b1", 2, "silo-c", 1001, 1.125), new UnitRun("b1", 3, "silo-c", 7, 2));
        await Progress(Checkpoint("b2", 1000, 2), new UnitRun("b2", 2, "silo-b", 1000, 8));

        Assert.Equal([new SiloUnits("silo-a", 1, 999, 0.25), new SiloUnits("silo-c", 3, 2008, 3.625)], Reader.UnitsPerSilo("b1"));
        Assert.Equal([new SiloUnits("silo-b", 1, 1000, 8)], Reader.UnitsPerSilo("b2"));
        Assert.Empty(Reader.UnitsPerSilo("nope"));
    }

    public static TheoryData<BatchStatus> FinalStatuses() => [BatchStatus.Completed, BatchStatus.Failed, BatchStatus.Cancelled];

    [Theory]
    [MemberData(nameof(FinalStatuses))]
    public async Task The_checkpoint_is_deleted_when_the_batch_becomes_final_and_the_runs_stay(BatchStatus final)
    {
        await Progress(Checkpoint("b1", 2000, 0, 1), new UnitRun("b1", 0, "silo-a", 1000, 1), new UnitRun("b1", 1, "silo-b", 1000, 1));
        await Progress(Checkpoint("b2", 1000, 3), new UnitRun("b2", 3, "silo-a", 1000, 1));

        await Batches.Step("b1", b => b with { Status = final, FinishedAt = TestData.T0.AddMinutes(1) });
        Assert.Null(await Batches.LoadCheckpoint("b1"));
        Assert.Equal(2, TestData.Runs(_db.Database, "b1").Count);
        Assert.NotNull(await Batches.LoadCheckpoint("b2")); // another batch's checkpoint stays

        // Even a checkpoint given with the final save is not kept.
        await Batches.Step("b2", b => b with { Status = final, FinishedAt = TestData.T0.AddMinutes(1), TrialsDone = 2000 },
            Checkpoint("b2", 2000, 2, 3), [new UnitRun("b2", 2, "silo-b", 1000, 1)]);
        Assert.Null(await Batches.LoadCheckpoint("b2"));
        Assert.Equal([2, 3], TestData.Runs(_db.Database, "b2").Select(r => r.UnitIndex));
        Assert.Equal(2000, Reader.Get("b2")!.TrialsDone);
    }

    [Fact]
    public async Task A_checkpoint_of_an_unknown_batch_returns_false_and_writes_nothing()
    {
        Assert.False(await Batches.Save(TestData.Batch("nope") with { Status = BatchStatus.Running },
            Checkpoint("nope", 1, 0), [new UnitRun("nope", 0, "s", 1, 1)]));
        Assert.Null(await Batches.LoadCheckpoint("nope"));
        Assert.Empty(TestData.Runs(_db.Database, "nope"));
    }

    [Fact]
    public async Task A_checkpoint_or_runs_of_another_batch_are_refused_and_nothing_is_written()
    {
        var b1 = (await Batches.Load("b1"))!;
        await Assert.ThrowsAsync<ArgumentException>(() => Batches.Save(b1 with { TrialsDone = 1 }, Checkpoint("b2", 1, 0)));
        await Assert.ThrowsAsync<ArgumentException>(() => Batches.Save(b1 with { TrialsDone = 1 }, Checkpoint("b1", 1, 0), [new UnitRun("b2", 0, "s", 1, 1)]));
        await Assert.ThrowsAsync<ArgumentException>(() => Batches.Save(b1 with { TrialsDone = 1 }, runs: [new UnitRun("b2", 0, "s", 1, 1)]));

        Assert.Equal(b1, await Batches.Load("b1"));
        Assert.Null(await Batches.LoadCheckpoint("b1"));
        Assert.Null(await Batches.LoadCheckpoint("b2"));
        Assert.Empty(TestData.Runs(_db.Database, "b2"));
    }

    [Fact]
    public async Task A_multi_megabyte_partial_round_trips()
    {
        var partial = new byte[8 << 20];
        new Random(3).NextBytes(partial);
        var checkpoint = Checkpoint("b2", 5, 2) with { Partial = partial };
        await Progress(checkpoint);
        AssertSame(checkpoint, await Batches.LoadCheckpoint("b2"));
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteCheckpointTests() : CheckpointTests(DatabaseProvider.Sqlite);

/// <summary>The tests above on PostgreSQL.</summary>
public sealed class PostgresCheckpointTests() : CheckpointTests(DatabaseProvider.Postgres);
