using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>The read side of <c>batches</c>: one batch, several by id, pages with filters and cursors, the unfinished ones.</summary>
public abstract class BatchQueriesTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly TempDatabase _db = new(provider);
    private BatchStore Batches => new(_db.Database);
    private BatchQueries Reader => new(_db.Database);


    public Task InitializeAsync() => TestData.SaveTwoScenarios(_db.Database);

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Get_returns_the_stored_row_or_null()
    {
        await Batches.Create(TestData.Batch("b1"));
        var running = await Batches.Start("b1");
        Assert.Equal(running, Reader.Get("b1"));
        Assert.Equal(BatchStatus.Running, Reader.Get("b1")!.Status);
        Assert.Null(Reader.Get("nope"));
    }

    [Fact]
    public async Task Get_of_several_ids_returns_those_that_exist_by_id()
    {
        foreach (string id in new[] { "b1", "b2", "b3" }) await Batches.Create(TestData.Batch(id));
        var b3 = await Batches.Start("b3");

        var found = Reader.Get(["b3", "nope", "b1"]);
        Assert.Equal(["b1", "b3"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(await Batches.Load("b1"), found["b1"]);
        Assert.Equal(b3, found["b3"]);
        Assert.Empty(Reader.Get(Array.Empty<string>()));
        Assert.Empty(Reader.Get(["nope"]));
    }

    [Fact]
    public async Task Unfinished_returns_queued_and_running_oldest_first()
    {
        for (int i = 0; i < 5; i++) await Batches.Create(TestData.Batch($"b{i}", createdAt: TestData.T0.AddMinutes(-i)));
        await Batches.Start("b0");
        await Batches.Step("b1", b => b with { Status = BatchStatus.Cancelled, FinishedAt = TestData.T0 });
        await Batches.Start("b2");
        await Batches.Step("b2", b => b with { Status = BatchStatus.Completed, FinishedAt = TestData.T0 });

        Assert.Equal(["b4", "b3", "b0"], Reader.Unfinished().Select(b => b.Id));
    }

    /// <summary>25 batches, created three to a second (so ties are broken by id), two scenarios, two statuses.</summary>
    private async Task<List<BatchRecord>> Create25()
    {
        var all = new List<BatchRecord>();
        for (int i = 0; i < 25; i++)
        {
            var b = i % 2 == 0
                ? TestData.Batch($"batch-{i:D2}", createdAt: TestData.T0.AddSeconds(i / 3))
                : TestData.Batch($"batch-{i:D2}", "sha-2", "high-demand", TestData.T0.AddSeconds(i / 3));
            Assert.True(await Batches.Create(b));
            if (i % 5 == 0) await Batches.Start(b.Id, TestData.T0);
            all.Add((await Batches.Load(b.Id))!);
        }
        return [.. all.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal)];
    }

    private List<BatchPage> AllPages(BatchQuery query)
    {
        var pages = new List<BatchPage>();
        string? after = null;
        do
        {
            var page = Reader.List(query with { After = after });
            pages.Add(page);
            after = page.EndCursor;
            if (!page.HasNextPage) break;
        } while (pages.Count < 100);
        return pages;
    }

    [Fact]
    public async Task Paging_returns_every_batch_once_newest_first()
    {
        var expected = await Create25();
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
    public async Task Paging_with_filters_returns_every_match_once(BatchStatus? status, string? scenarioId)
    {
        var expected = (await Create25()).Where(b => (status is null || b.Status == status) && (scenarioId is null || b.ScenarioId == scenarioId)).ToList();
        var pages = AllPages(new BatchQuery(status, scenarioId, First: 4));

        Assert.Equal(expected, pages.SelectMany(p => p.Items));
        Assert.All(pages, p => Assert.Equal(expected.Count, p.TotalCount));
        Assert.Equal(Math.Max(1, (expected.Count + 3) / 4), pages.Count); // no trailing empty page
    }

    [Fact]
    public async Task Paging_is_stable_while_batches_are_added()
    {
        var expected = await Create25();
        var first = Reader.List(new BatchQuery(First: 10));
        await Batches.Create(TestData.Batch("newest", createdAt: TestData.T0.AddHours(1)));
        var second = Reader.List(new BatchQuery(First: 10, After: first.EndCursor));

        Assert.Equal(expected.Skip(10).Take(10), second.Items);
        Assert.Equal(26, second.TotalCount);
    }

    [Fact]
    public async Task CursorOf_a_batch_is_the_cursor_that_pages_on_after_it()
    {
        var expected = await Create25();
        var first = Reader.List(new BatchQuery(First: 10));
        Assert.Equal(first.EndCursor, BatchQueries.CursorOf(expected[9]));

        // From any batch, say the fifth newest (created in the same second as the sixth: the id breaks the tie).
        var after = Reader.List(new BatchQuery(First: 3, After: BatchQueries.CursorOf(expected[4])));
        Assert.Equal(expected.Skip(5).Take(3), after.Items);
        Assert.True(after.HasNextPage);
    }

    [Fact]
    public void An_empty_page_has_no_cursor_and_bad_arguments_are_refused()
    {
        var empty = Reader.List(new BatchQuery());
        Assert.Empty(empty.Items);
        Assert.Null(empty.EndCursor);
        Assert.False(empty.HasNextPage);
        Assert.Equal(0, empty.TotalCount);

        Assert.Throws<ArgumentException>(() => Reader.List(new BatchQuery(After: "not a cursor")));
        Assert.Throws<ArgumentException>(() => Reader.List(new BatchQuery(After: "")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reader.List(new BatchQuery(First: -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reader.List(new BatchQuery(First: BatchQuery.MaxPageSize + 1)));
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteBatchQueriesTests() : BatchQueriesTests(DatabaseProvider.Sqlite);

/// <summary>The tests above on PostgreSQL.</summary>
public sealed class PostgresBatchQueriesTests() : BatchQueriesTests(DatabaseProvider.Postgres);
