using Microsoft.Data.Sqlite;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Persistence.Tests;

public sealed class BatchStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly BatchStore _batches;

    public BatchStoreTests()
    {
        _batches = new BatchStore(_db.Database);
        var scenarios = new ScenarioStore(_db.Database);
        scenarios.Save(TestData.Scenario("sha-1", "baseline"));
        scenarios.Save(TestData.Scenario("sha-2", "high-demand"));
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Insert_then_Get_returns_the_same_record()
    {
        var batch = TestData.Batch("b1") with
        {
            StartedAt = TestData.T0.AddSeconds(1), FinishedAt = TestData.T0.AddSeconds(2), Error = "boom",
            Status = BatchStatus.Failed, TrialsDone = 77, CancelRequested = true,
        };
        Assert.True(_batches.Insert(batch));
        Assert.Equal(batch, _batches.Get("b1"));
        Assert.Null(_batches.Get("nope"));
    }

    [Fact]
    public void Insert_of_an_existing_id_changes_nothing()
    {
        Assert.True(_batches.Insert(TestData.Batch("b1")));
        Assert.False(_batches.Insert(TestData.Batch("b1") with { Seed = 7 }));
        Assert.Equal(42, _batches.Get("b1")!.Seed);
    }

    [Fact]
    public void Insert_for_an_unknown_scenario_fails()
    {
        var e = Assert.Throws<SqliteException>(() => _batches.Insert(TestData.Batch("b1", scenarioSha256: "sha-unknown")));
        Assert.Contains("FOREIGN KEY", e.Message);
    }

    public static TheoryData<BatchStatus, BatchStatus> AllPairs()
    {
        var data = new TheoryData<BatchStatus, BatchStatus>();
        foreach (var from in Enum.GetValues<BatchStatus>())
            foreach (var to in Enum.GetValues<BatchStatus>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void SetStatus_applies_legal_transitions_only(BatchStatus from, BatchStatus to)
    {
        _batches.Insert(TestData.Batch("b1"));
        // Reach "from" by legal steps.
        if (from is BatchStatus.Running or BatchStatus.Completed) Assert.True(_batches.SetStatus("b1", BatchStatus.Running, at: TestData.T0.AddMinutes(1)));
        if (from is not (BatchStatus.Queued or BatchStatus.Running)) Assert.True(_batches.SetStatus("b1", from, "first", TestData.T0.AddMinutes(2)));
        var before = _batches.Get("b1")!;
        Assert.Equal(from, before.Status);

        var at = TestData.T0.AddMinutes(3);
        bool legal = (from, to) is (BatchStatus.Queued, BatchStatus.Running or BatchStatus.Cancelled or BatchStatus.Failed)
            or (BatchStatus.Running, BatchStatus.Completed or BatchStatus.Failed or BatchStatus.Cancelled);
        Assert.Equal(legal, BatchTransitions.IsLegal(from, to));
        Assert.Equal(legal, _batches.SetStatus("b1", to, to == BatchStatus.Failed ? "it broke" : null, at));

        var after = _batches.Get("b1")!;
        if (!legal)
        {
            Assert.Equal(before, after);
            return;
        }
        Assert.Equal(to, after.Status);
        Assert.Equal(to == BatchStatus.Failed ? "it broke" : null, after.Error);
        Assert.Equal(to == BatchStatus.Running ? at : before.StartedAt, after.StartedAt);
        Assert.Equal(BatchTransitions.IsTerminal(to) ? at : null, after.FinishedAt);
    }

    [Fact]
    public void SetStatus_of_an_unknown_batch_returns_false() =>
        Assert.False(_batches.SetStatus("nope", BatchStatus.Running));

    [Fact]
    public void Cancel_requests_are_recorded_for_unfinished_batches_only()
    {
        _batches.Insert(TestData.Batch("queued"));
        _batches.Insert(TestData.Batch("done"));
        _batches.SetStatus("done", BatchStatus.Running);
        _batches.SetStatus("done", BatchStatus.Completed);

        Assert.False(_batches.IsCancelRequested("queued"));
        Assert.True(_batches.RequestCancel("queued"));
        Assert.True(_batches.IsCancelRequested("queued"));
        Assert.True(_batches.RequestCancel("queued")); // asking twice is fine
        Assert.False(_batches.RequestCancel("done"));
        Assert.False(_batches.IsCancelRequested("done"));
        Assert.False(_batches.RequestCancel("nope"));
        Assert.False(_batches.IsCancelRequested("nope"));
    }

    [Fact]
    public void SetProgress_sets_trials_done()
    {
        _batches.Insert(TestData.Batch("b1"));
        Assert.True(_batches.SetProgress("b1", 65_536));
        Assert.Equal(65_536, _batches.Get("b1")!.TrialsDone);
        Assert.False(_batches.SetProgress("nope", 1));
    }

    [Fact]
    public void ListUnfinished_returns_queued_and_running_oldest_first()
    {
        for (int i = 0; i < 5; i++) _batches.Insert(TestData.Batch($"b{i}", createdAt: TestData.T0.AddMinutes(-i)));
        _batches.SetStatus("b0", BatchStatus.Running);
        _batches.SetStatus("b1", BatchStatus.Cancelled);
        _batches.SetStatus("b2", BatchStatus.Running);
        _batches.SetStatus("b2", BatchStatus.Completed);

        Assert.Equal(["b4", "b3", "b0"], _batches.ListUnfinished().Select(b => b.Id));
    }

    /// <summary>25 batches, created three to a second (so ties are broken by id), two scenarios, two statuses.</summary>
    private List<BatchRecord> Insert25()
    {
        var all = new List<BatchRecord>();
        for (int i = 0; i < 25; i++)
        {
            var b = i % 2 == 0
                ? TestData.Batch($"batch-{i:D2}", createdAt: TestData.T0.AddSeconds(i / 3))
                : TestData.Batch($"batch-{i:D2}", "sha-2", "high-demand", TestData.T0.AddSeconds(i / 3));
            _batches.Insert(b);
            if (i % 5 == 0) _batches.SetStatus(b.Id, BatchStatus.Running, at: TestData.T0);
            all.Add(_batches.Get(b.Id)!);
        }
        return [.. all.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal)];
    }

    private List<BatchPage> AllPages(BatchQuery query)
    {
        var pages = new List<BatchPage>();
        string? after = null;
        do
        {
            var page = _batches.List(query with { After = after });
            pages.Add(page);
            after = page.EndCursor;
            if (!page.HasNextPage) break;
        } while (pages.Count < 100);
        return pages;
    }

    [Fact]
    public void Paging_returns_every_batch_once_newest_first()
    {
        var expected = Insert25();
        var pages = AllPages(new BatchQuery(First: 10));

        Assert.Equal([10, 10, 5], pages.Select(p => p.Items.Count));
        Assert.Equal([true, true, false], pages.Select(p => p.HasNextPage));
        Assert.All(pages, p => Assert.Equal(25, p.TotalCount));
        Assert.Equal(expected, pages.SelectMany(p => p.Items));
    }

    [Theory]
    [InlineData(null, "high-demand")]
    [InlineData(BatchStatus.Running, null)]
    [InlineData(BatchStatus.Queued, "baseline")]
    [InlineData(BatchStatus.Completed, null)]
    public void Paging_with_filters_returns_every_match_once(BatchStatus? status, string? scenarioId)
    {
        var expected = Insert25().Where(b => (status is null || b.Status == status) && (scenarioId is null || b.ScenarioId == scenarioId)).ToList();
        var pages = AllPages(new BatchQuery(status, scenarioId, First: 4));

        Assert.Equal(expected, pages.SelectMany(p => p.Items));
        Assert.All(pages, p => Assert.Equal(expected.Count, p.TotalCount));
        Assert.Equal(Math.Max(1, (expected.Count + 3) / 4), pages.Count); // no trailing empty page
    }

    [Fact]
    public void Paging_is_stable_while_batches_are_added()
    {
        var expected = Insert25();
        var first = _batches.List(new BatchQuery(First: 10));
        _batches.Insert(TestData.Batch("newest", createdAt: TestData.T0.AddHours(1)));
        var second = _batches.List(new BatchQuery(First: 10, After: first.EndCursor));

        Assert.Equal(expected.Skip(10).Take(10), second.Items);
        Assert.Equal(26, second.TotalCount);
    }

    [Fact]
    public void An_empty_page_and_bad_arguments()
    {
        var empty = _batches.List(new BatchQuery());
        Assert.Empty(empty.Items);
        Assert.Null(empty.EndCursor);
        Assert.False(empty.HasNextPage);
        Assert.Equal(0, empty.TotalCount);

        Assert.Throws<ArgumentException>(() => _batches.List(new BatchQuery(After: "not a cursor")));
        Assert.Throws<ArgumentException>(() => _batches.List(new BatchQuery(After: "")));
        Assert.Throws<ArgumentOutOfRangeException>(() => _batches.List(new BatchQuery(First: -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _batches.List(new BatchQuery(First: BatchQuery.MaxPageSize + 1)));
    }
}
