using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>Scenarios written by <see cref="ScenarioStore"/> (the catalog grain's store) and read through <see cref="ScenarioQueries"/>.</summary>
public abstract class ScenarioStoreTests(DatabaseProvider provider) : IDisposable
{
    private readonly TempDatabase _db = new(provider);
    private ScenarioStore Store => new(_db.Database);
    private ScenarioQueries Reader => new(_db.Database);


    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Any_is_false_on_an_empty_database_and_true_once_a_scenario_is_stored()
    {
        Assert.False(Reader.Any());
        await Store.Save(TestData.Scenario());
        Assert.True(Reader.Any());
    }

    [Fact]
    public async Task A_scenario_and_its_ancestors_round_trip_in_extends_order()
    {
        var child = TestData.Scenario("sha-child", "what-if") with
        {
            Ancestors = [new ScenarioFile("baseline.yaml", "id: baseline\n"), new ScenarioFile("root.yaml", "id: root\n")],
        };
        Assert.True(await Store.Save(child));

        var loaded = Reader.Get("sha-child")!;
        Assert.Equal(child with { Ancestors = [] }, loaded with { Ancestors = [] });
        Assert.Equal(child.Ancestors, loaded.Ancestors);
        Assert.Null(Reader.Get("sha-unknown"));
    }

    [Fact]
    public async Task Saving_the_same_hash_again_keeps_the_first_copy()
    {
        Assert.True(await Store.Save(TestData.Scenario("sha-1", "baseline")));
        Assert.False(await Store.Save(TestData.Scenario("sha-1", "baseline") with { Name = "changed", Ancestors = [new("x.yaml", "x")] }));

        var loaded = Reader.Get("sha-1")!;
        Assert.Equal("Scenario baseline", loaded.Name);
        Assert.Empty(loaded.Ancestors);
    }

    [Fact]
    public async Task A_scenario_whose_ancestors_cannot_be_stored_is_not_stored_either()
    {
        var broken = TestData.Scenario("sha-1", "baseline") with { Ancestors = [new("a.yaml", "id: a\n"), new("b.yaml", null!)] };
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Store.Save(broken));
        Assert.Null(Reader.Get("sha-1"));

        // The same hash can then be stored whole.
        Assert.True(await Store.Save(broken with { Ancestors = [new("a.yaml", "id: a\n")] }));
        Assert.Equal([new ScenarioFile("a.yaml", "id: a\n")], Reader.Get("sha-1")!.Ancestors);
    }

    [Fact]
    public async Task Get_of_several_hashes_returns_those_stored_each_with_its_own_ancestors()
    {
        await Store.Save(TestData.Scenario("sha-b", "b") with { Ancestors = [new("b1.yaml", "id: b1\n"), new("b0.yaml", "id: b0\n")] });
        await Store.Save(TestData.Scenario("sha-a", "a") with { Ancestors = [new("a1.yaml", "id: a1\n")] });
        await Store.Save(TestData.Scenario("sha-c", "c"));
        await Store.Save(TestData.Scenario("sha-d", "d") with { Ancestors = [new("d1.yaml", "id: d1\n")] });

        var found = Reader.Get(["sha-c", "sha-unknown", "sha-b", "sha-a"]);
        Assert.Equal(["sha-a", "sha-b", "sha-c"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("a", "Scenario a", "a.yaml"), (found["sha-a"].Id, found["sha-a"].Name, found["sha-a"].FileName));
        Assert.Equal([new ScenarioFile("a1.yaml", "id: a1\n")], found["sha-a"].Ancestors);
        Assert.Equal([new ScenarioFile("b1.yaml", "id: b1\n"), new ScenarioFile("b0.yaml", "id: b0\n")], found["sha-b"].Ancestors);
        Assert.Empty(found["sha-c"].Ancestors);
        foreach (var (sha, scenario) in found)
            Assert.Equal(Reader.Get(sha)! with { Ancestors = [] }, scenario with { Ancestors = [] });

        Assert.Empty(Reader.Get(Array.Empty<string>()));
        Assert.Empty(Reader.Get(["sha-unknown"]));
    }

    [Fact]
    public async Task Latest_and_List_return_the_newest_version_of_each_id()
    {
        await Store.Save(TestData.Scenario("sha-a1", "a", TestData.T0));
        await Store.Save(TestData.Scenario("sha-a3", "a", TestData.T0.AddHours(2)) with { Ancestors = [new("p.yaml", "id: p\n")] });
        await Store.Save(TestData.Scenario("sha-a2", "a", TestData.T0.AddHours(1)));
        await Store.Save(TestData.Scenario("sha-b1", "b", TestData.T0.AddDays(-1)));

        var latest = Reader.Latest("a")!;
        Assert.Equal("sha-a3", latest.Sha256);
        Assert.Equal([new ScenarioFile("p.yaml", "id: p\n")], latest.Ancestors);
        Assert.Null(Reader.Latest("c"));

        var list = Reader.List();
        Assert.Equal(["sha-a3", "sha-b1"], list.Select(s => s.Sha256));
        Assert.Equal([new ScenarioFile("p.yaml", "id: p\n")], list[0].Ancestors);
        Assert.Empty(list[1].Ancestors);
    }

    [Fact]
    public async Task Timestamps_keep_every_tick_and_the_instant_whatever_the_offset()
    {
        var local = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
        await Store.Save(TestData.Scenario("sha-t", "t", local));

        var loaded = Reader.Get("sha-t")!.CreatedAt;
        Assert.Equal(local, loaded); // same instant
        Assert.Equal(TimeSpan.Zero, loaded.Offset); // stored in UTC
        Assert.Equal(local.UtcTicks, loaded.UtcTicks);
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteScenarioStoreTests() : ScenarioStoreTests(DatabaseProvider.Sqlite);

/// <summary>The tests above on PostgreSQL.</summary>
public sealed class PostgresScenarioStoreTests() : ScenarioStoreTests(DatabaseProvider.Postgres);
