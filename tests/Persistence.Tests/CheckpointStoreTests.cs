using Microsoft.Data.Sqlite;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Persistence.Tests;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly CheckpointStore _checkpoints;
    private readonly BatchStore _batches;

    public CheckpointStoreTests()
    {
        TestData.Seed(_db.Database, "b1", "b2");
        _checkpoints = new CheckpointStore(_db.Database);
        _batches = new BatchStore(_db.Database);
    }

    public void Dispose() => _db.Dispose();

    private static Checkpoint Checkpoint(string batchId, long trials, params int[] done)
    {
        var set = new ChunkSet(4);
        foreach (int i in done) set.Set(i);
        return new Checkpoint(batchId, [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * trials))], set.ToBytes(), trials, TestData.T0.AddSeconds(trials));
    }

    private static void AssertSame(Checkpoint expected, Checkpoint? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.BatchId, actual.BatchId);
        Assert.Equal(expected.Partial, actual.Partial);
        Assert.Equal(expected.DoneChunks, actual.DoneChunks);
        Assert.Equal(expected.TrialsDone, actual.TrialsDone);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
    }

    [Fact]
    public void Save_then_Load_and_a_later_save_replaces_the_checkpoint()
    {
        Assert.Null(_checkpoints.Load("b1"));
        var first = Checkpoint("b1", 1000, 0);
        _checkpoints.Save(first, [new ChunkRun("b1", 0, "silo-a", 1000, 1.5)]);
        AssertSame(first, _checkpoints.Load("b1"));
        Assert.Equal(1000, _batches.Get("b1")!.TrialsDone);

        var second = Checkpoint("b1", 3000, 0, 1, 3);
        _checkpoints.Save(second, [new ChunkRun("b1", 1, "silo-b", 1000, 2.25), new ChunkRun("b1", 3, "silo-a", 1000, 0.75)]);
        AssertSame(second, _checkpoints.Load("b1"));
        Assert.Equal(3000, _batches.Get("b1")!.TrialsDone);
        Assert.Equal([0, 1, 3], ChunkSet.FromBytes(_checkpoints.Load("b1")!.DoneChunks, 4).Indices());

        Assert.Equal(
            [new ChunkRun("b1", 0, "silo-a", 1000, 1.5), new ChunkRun("b1", 1, "silo-b", 1000, 2.25), new ChunkRun("b1", 3, "silo-a", 1000, 0.75)],
            _checkpoints.Runs("b1"));
        Assert.Equal([new SiloRunSummary("silo-a", 2, 2000, 2.25), new SiloRunSummary("silo-b", 1, 1000, 2.25)], _checkpoints.RunsPerSilo("b1"));
        Assert.Empty(_checkpoints.Runs("b2"));
        Assert.Empty(_checkpoints.RunsPerSilo("b2"));
    }

    [Fact]
    public void A_failure_inside_the_transaction_leaves_the_previous_checkpoint_runs_and_progress()
    {
        var first = Checkpoint("b1", 2000, 0, 1);
        _checkpoints.Save(first, [new ChunkRun("b1", 0, "silo-a", 1000, 1), new ChunkRun("b1", 1, "silo-a", 1000, 1)]);

        // The second run has no silo: NOT NULL fails after the checkpoint row and chunk 2 were written.
        var second = Checkpoint("b1", 3000, 0, 1, 2);
        Assert.Throws<SqliteException>(() => _checkpoints.Save(second,
            [new ChunkRun("b1", 2, "silo-b", 1000, 1), new ChunkRun("b1", 3, null!, 1000, 1)]));

        AssertSame(first, _checkpoints.Load("b1"));
        Assert.Equal([0, 1], _checkpoints.Runs("b1").Select(r => r.ChunkIndex));
        Assert.Equal(2000, _batches.Get("b1")!.TrialsDone);
    }

    /// <summary>
    /// Two activations of one batch grain (Orleans, briefly, after a silo died) resume from the same checkpoint
    /// and may both record a chunk, and the slower may save an older checkpoint: neither fails, nothing goes back.
    /// </summary>
    [Fact]
    public void A_repeated_chunk_keeps_its_first_run_and_an_older_checkpoint_does_not_replace_a_newer_one()
    {
        var first = Checkpoint("b1", 2000, 0, 1);
        _checkpoints.Save(first, [new ChunkRun("b1", 0, "silo-a", 1000, 1), new ChunkRun("b1", 1, "silo-a", 1000, 1)]);

        var newer = Checkpoint("b1", 3000, 0, 1, 2);
        _checkpoints.Save(newer, [new ChunkRun("b1", 2, "silo-b", 1000, 1), new ChunkRun("b1", 1, "silo-b", 1000, 1)]);
        AssertSame(newer, _checkpoints.Load("b1"));
        Assert.Equal([("silo-a", 0), ("silo-a", 1), ("silo-b", 2)], _checkpoints.Runs("b1").Select(r => (r.Silo, (int)r.ChunkIndex)));
        Assert.Equal(3000, _batches.Get("b1")!.TrialsDone);

        var older = Checkpoint("b1", 2000, 0, 3);
        _checkpoints.Save(older, [new ChunkRun("b1", 3, "silo-c", 1000, 1)]);
        AssertSame(newer, _checkpoints.Load("b1"));
        Assert.Equal(3000, _batches.Get("b1")!.TrialsDone);
        Assert.Equal([0, 1, 2, 3], _checkpoints.Runs("b1").Select(r => (int)r.ChunkIndex));
    }

    [Fact]
    public void A_checkpoint_of_an_unknown_batch_fails_and_writes_nothing()
    {
        Assert.Throws<SqliteException>(() => _checkpoints.Save(Checkpoint("nope", 1, 0), [new ChunkRun("nope", 0, "s", 1, 1)]));
        Assert.Null(_checkpoints.Load("nope"));
        Assert.Empty(_checkpoints.Runs("nope"));
    }

    [Fact]
    public void Runs_of_another_batch_are_refused() =>
        Assert.Throws<ArgumentException>(() => _checkpoints.Save(Checkpoint("b1", 1, 0), [new ChunkRun("b2", 0, "s", 1, 1)]));

    [Fact]
    public void A_multi_megabyte_partial_round_trips()
    {
        var partial = new byte[8 << 20];
        new Random(3).NextBytes(partial);
        var checkpoint = Checkpoint("b2", 5, 2) with { Partial = partial };
        _checkpoints.Save(checkpoint, []);
        AssertSame(checkpoint, _checkpoints.Load("b2"));
    }
}
