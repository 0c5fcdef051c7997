using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Persistence.Tests;

public sealed class SqliteGrainStorageTests : IDisposable
{
    public enum Phase { Queued, Running }

    public sealed class CounterState
    {
        public int Value { get; set; }
        public string Name { get; set; } = "";
        public Phase Phase { get; set; }
        public DateTimeOffset? At { get; set; }
        public List<double> Samples { get; set; } = [];
    }

    private readonly TempDatabase _db = new();
    private readonly SqliteGrainStorage _storage;
    private readonly GrainId _grain = GrainId.Create("batch", "b-1");

    public SqliteGrainStorageTests() => _storage = new SqliteGrainStorage(_db.Database);

    public void Dispose() => _db.Dispose();

    private static GrainState<CounterState> Fresh() => new(new CounterState());

    private static CounterState S(GrainState<CounterState> state) => state.State!;

    [Fact]
    public async Task Reading_absent_state_reports_no_record_and_leaves_the_default()
    {
        var state = Fresh();
        await _storage.ReadStateAsync("batch", _grain, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, S(state).Value);
    }

    [Fact]
    public async Task Write_then_read_returns_the_state_and_etag()
    {
        var written = Fresh();
        written.State = new CounterState { Value = 3, Name = "b-1", Phase = Phase.Running, At = TestData.T0, Samples = [0.1 + 0.2, -1e-300] };
        await _storage.WriteStateAsync("batch", _grain, written);
        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);

        var read = Fresh();
        await new SqliteGrainStorage(_db.Reopen()).ReadStateAsync("batch", _grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal((3, "b-1", Phase.Running, TestData.T0), (S(read).Value, S(read).Name, S(read).Phase, S(read).At));
        Assert.Equal(S(written).Samples, S(read).Samples);

        // Another state name or grain is another record.
        var other = Fresh();
        await _storage.ReadStateAsync("other", _grain, other);
        Assert.False(other.RecordExists);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_throws_and_changes_nothing()
    {
        var a = Fresh();
        var b = Fresh();
        await _storage.ReadStateAsync("batch", _grain, a);
        await _storage.ReadStateAsync("batch", _grain, b);

        S(a).Value = 1;
        await _storage.WriteStateAsync("batch", _grain, a); // creates the row: b's "no row" is now stale
        S(b).Value = 2;
        var e = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("batch", _grain, b));
        Assert.Equal(a.ETag, e.StoredEtag);

        await _storage.ReadStateAsync("batch", _grain, b); // b catches up, writes, and now a is stale
        S(b).Value = 2;
        await _storage.WriteStateAsync("batch", _grain, b);
        S(a).Value = 3;
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("batch", _grain, a));

        var read = Fresh();
        await _storage.ReadStateAsync("batch", _grain, read);
        Assert.Equal(2, S(read).Value);
        Assert.Equal(b.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_removes_the_record_and_checks_the_etag()
    {
        var state = Fresh();
        S(state).Value = 5;
        await _storage.WriteStateAsync("batch", _grain, state);

        var stale = Fresh();
        stale.ETag = "stale";
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("batch", _grain, stale));

        await _storage.ClearStateAsync("batch", _grain, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);

        var read = Fresh();
        await _storage.ReadStateAsync("batch", _grain, read);
        Assert.False(read.RecordExists);

        // Cleared, it can be written again from scratch.
        await _storage.WriteStateAsync("batch", _grain, state);
        Assert.True(state.RecordExists);
    }

    private sealed class TestSiloBuilder : ISiloBuilder
    {
        public IServiceCollection Services { get; } = new ServiceCollection();
        public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();
    }

    [Fact]
    public async Task AddSqliteGrainStorage_registers_a_keyed_storage_on_the_file()
    {
        var silo = new TestSiloBuilder();
        silo.Services.AddScenarioGridPersistence(_db.DatabasePath);
        silo.AddSqliteGrainStorage("sqlite", _db.DatabasePath);
        using var services = silo.Services.BuildServiceProvider();

        var storage = services.GetRequiredKeyedService<IGrainStorage>("sqlite");
        Assert.IsType<SqliteGrainStorage>(storage);
        Assert.NotNull(services.GetRequiredService<BatchStore>());

        var state = Fresh();
        S(state).Value = 9;
        await storage.WriteStateAsync("batch", _grain, state);
        var read = Fresh();
        await _storage.ReadStateAsync("batch", _grain, read);
        Assert.Equal(9, S(read).Value);
    }
}
