using System.Data.Common;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>The batch grain's writes of its <c>batches</c> row: create once, then versioned saves.</summary>
public abstract class BatchStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly TempDatabase _db = new(provider);
    private BatchStore Batches => new(_db.Database);


    public Task InitializeAsync() => TestData.SaveTwoScenarios(_db.Database);

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Create_then_Load_returns_the_same_record_at_version_0()
    {
        var batch = TestData.Batch("b1") with
        {
            StartedAt = TestData.T0.AddSeconds(1), FinishedAt = TestData.T0.AddSeconds(2), Error = "boom",
            Status = BatchStatus.Failed, TrialsDone = 77,
        };
        Assert.True(await Batches.Create(batch with { Version = 5 })); // a new row starts at version 0, whatever the record says
        Assert.Equal(batch, await Batches.Load("b1"));
        Assert.Equal(batch, new BatchQueries(_db.Database).Get("b1"));
        Assert.Null(await Batches.Load("nope"));
    }

    [Fact]
    public async Task Create_of_an_existing_id_returns_false_and_changes_nothing()
    {
        Assert.True(await Batches.Create(TestData.Batch("b1")));
        var running = await Batches.Start("b1");
        Assert.Equal(1, running.Version);

        // A grain activation that creates "its" batch again (a retried submit) finds the row as it is.
        Assert.False(await Batches.Create(TestData.Batch("b1") with { Seed = 7 }));
        Assert.False(await Batches.Create(TestData.Batch("b1")));
        Assert.Equal(running, await Batches.Load("b1"));
        Assert.Equal(42, running.Seed);
    }

    [Fact]
    public async Task Create_for_an_unknown_scenario_fails()
    {
        var e = await Assert.ThrowsAnyAsync<DbException>(() => Batches.Create(TestData.Batch("b1", scenarioSha256: "sha-unknown")));
        Assert.Contains("foreign key", e.Message, StringComparison.OrdinalIgnoreCase); // SQLite: FOREIGN KEY; PostgreSQL: violates foreign key constraint
        Assert.Null(await Batches.Load("b1"));
    }

    [Fact]
    public async Task Save_writes_the_changing_fields_raises_the_version_and_keeps_the_request()
    {
        await Batches.Create(TestData.Batch("b1"));
        var loaded = (await Batches.Load("b1"))!;
        var next = loaded with
        {
            Status = BatchStatus.Running, TrialsDone = 65_536, StartedAt = TestData.T0.AddSeconds(1),
            FinishedAt = TestData.T0.AddSeconds(9), Error = "not yet",
        };
        Assert.True(await Batches.Save(next));
        Assert.Equal(next with { Version = 1 }, await Batches.Load("b1"));

        // What was asked and who produced it is written once, by Create: a save does not change it.
        var stored = (await Batches.Load("b1"))!;
        Assert.True(await Batches.Save(stored with
        {
            ScenarioId = "other", Seed = 7, Trials = 5, ChunkSize = 8, UnitTrials = 8, CreatedAt = TestData.T0.AddDays(1),
            ModelVersion = "model-2", SoftwareVersion = "9.9.9", TrialsDone = 70_000,
        }));
        Assert.Equal(stored with { TrialsDone = 70_000, Version = 2 }, await Batches.Load("b1"));
    }

    public static TheoryData<BatchStatus, BatchStatus> AllPairs()
    {
        var data = new TheoryData<BatchStatus, BatchStatus>();
        foreach (var from in Enum.GetValues<BatchStatus>())
            foreach (var to in Enum.GetValues<BatchStatus>())
                data.Add(from, to);
        return data;
    }

    /// <summary>
    /// The grain decides which status changes are legal (<see cref="BatchStatusExtensions.CanBecome"/>); the store
    /// makes each write name the version it replaces, so a writer that did not see the latest row changes nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllPairs))]
    public async Task A_save_applies_at_the_stored_version_only_and_a_stale_one_returns_false_changing_nothing(BatchStatus from, BatchStatus to)
    {
        await Batches.Create(TestData.Batch("b1"));
        // Reach "from" by legal steps, one write (one version) each.
        if (from is BatchStatus.Running or BatchStatus.Completed) await Batches.Start("b1", TestData.T0.AddMinutes(1));
        if (from is not (BatchStatus.Queued or BatchStatus.Running))
            await Batches.Step("b1", b => b with
            {
                Status = from, Error = "first", FinishedAt = TestData.T0.AddMinutes(2),
                PausedAt = from == BatchStatus.Paused ? TestData.T0.AddMinutes(2) : null,
            });
        var before = (await Batches.Load("b1"))!;
        Assert.Equal(from, before.Status);
        Assert.Equal(from switch { BatchStatus.Queued => 0, BatchStatus.Completed => 2, _ => 1 }, before.Version);

        bool legal = (from, to) is (BatchStatus.Queued, BatchStatus.Running or BatchStatus.Cancelled or BatchStatus.Failed or BatchStatus.Paused)
            or (BatchStatus.Running, BatchStatus.Completed or BatchStatus.Failed or BatchStatus.Cancelled or BatchStatus.Paused)
            or (BatchStatus.Paused, BatchStatus.Queued or BatchStatus.Cancelled or BatchStatus.Failed);
        Assert.Equal(legal, from.CanBecome(to));

        var at = TestData.T0.AddMinutes(3);
        bool final = to is BatchStatus.Completed or BatchStatus.Failed or BatchStatus.Cancelled;
        var next = before with
        {
            Status = to, Error = to == BatchStatus.Failed ? "it broke" : null, TrialsDone = 12_345,
            StartedAt = to == BatchStatus.Running ? at : before.StartedAt, FinishedAt = final ? at : null,
            PausedAt = to == BatchStatus.Paused ? at : null, // the time of the pause, kept only while Paused
        };
        Assert.Equal(final, next.IsFinished);

        // Stale: a version behind (a writer that missed the last save) or one never stored.
        Assert.False(await Batches.Save(next with { Version = before.Version - 1 }));
        Assert.False(await Batches.Save(next with { Version = before.Version + 1 }));
        Assert.Equal(before, await Batches.Load("b1"));

        Assert.True(await Batches.Save(next));
        Assert.Equal(next with { Version = before.Version + 1 }, await Batches.Load("b1"));
        Assert.False(await Batches.Save(next)); // the same write again is now stale too
        Assert.Equal(before.Version + 1, (await Batches.Load("b1"))!.Version);
    }

    [Fact]
    public async Task Save_of_an_unknown_batch_returns_false_and_creates_nothing()
    {
        Assert.False(await Batches.Save(TestData.Batch("nope") with { Status = BatchStatus.Running }));
        Assert.Null(await Batches.Load("nope"));
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteBatchStoreTests() : BatchStoreTests(DatabaseProvider.Sqlite);

/// <summary>The tests above on PostgreSQL.</summary>
public sealed class PostgresBatchStoreTests() : BatchStoreTests(DatabaseProvider.Postgres);
