using ScenarioGrid.Persistence;

namespace ScenarioGrid.Persistence.Tests;

public sealed class ScenarioStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly ScenarioStore _store;

    public ScenarioStoreTests() => _store = new ScenarioStore(_db.Database);

    public void Dispose() => _db.Dispose();

    [Fact]
    public void A_scenario_and_its_ancestors_round_trip_in_extends_order()
    {
        var child = TestData.Scenario("sha-child", "what-if") with
        {
            Ancestors = [new ScenarioSource("baseline.yaml", "id: baseline\n"), new ScenarioSource("root.yaml", "id: root\n")],
        };
        Assert.True(_store.Save(child));

        var loaded = _store.Get("sha-child")!;
        Assert.Equal(child with { Ancestors = [] }, loaded with { Ancestors = [] });
        Assert.Equal(child.Ancestors, loaded.Ancestors);
        Assert.Null(_store.Get("sha-unknown"));
    }

    [Fact]
    public void Saving_the_same_hash_again_keeps_the_first_copy()
    {
        Assert.True(_store.Save(TestData.Scenario("sha-1", "baseline")));
        Assert.False(_store.Save(TestData.Scenario("sha-1", "baseline") with { Name = "changed", Ancestors = [new("x.yaml", "x")] }));

        var loaded = _store.Get("sha-1")!;
        Assert.Equal("Scenario baseline", loaded.Name);
        Assert.Empty(loaded.Ancestors);
    }

    [Fact]
    public void GetLatest_and_List_return_the_newest_version_of_each_id()
    {
        _store.Save(TestData.Scenario("sha-a1", "a", TestData.T0));
        _store.Save(TestData.Scenario("sha-a3", "a", TestData.T0.AddHours(2)) with { Ancestors = [new("p.yaml", "id: p\n")] });
        _store.Save(TestData.Scenario("sha-a2", "a", TestData.T0.AddHours(1)));
        _store.Save(TestData.Scenario("sha-b1", "b", TestData.T0.AddDays(-1)));

        Assert.Equal("sha-a3", _store.GetLatest("a")!.Sha256);
        Assert.Null(_store.GetLatest("c"));

        var list = _store.List();
        Assert.Equal(["sha-a3", "sha-b1"], list.Select(s => s.Sha256));
        Assert.Equal([new ScenarioSource("p.yaml", "id: p\n")], list[0].Ancestors);
        Assert.Empty(list[1].Ancestors);
    }

    [Fact]
    public void Timestamps_keep_every_tick_and_the_instant_whatever_the_offset()
    {
        var local = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
        _store.Save(TestData.Scenario("sha-t", "t", local));

        var loaded = _store.Get("sha-t")!.CreatedAt;
        Assert.Equal(local, loaded); // same instant
        Assert.Equal(TimeSpan.Zero, loaded.Offset); // stored in UTC
        Assert.Equal(local.UtcTicks, loaded.UtcTicks);
    }
}
