using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>
/// Schema version 4: a batch's priority and stop rule are stored with it, Paused is stored as the old status plus
/// <c>paused_at</c> and read back as Paused, a converged batch says so, and a checkpoint keeps its units' estimates.
/// </summary>
public sealed class QueueColumnsTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static readonly Until Rule = new(
    [
        new ConvergenceTarget(ConvergenceStatistic.P50, "route:sulfide", null, "costUsdPerKWh", 2030, 0.005),
        new ConvergenceTarget(ConvergenceStatistic.ProbabilityALessThanB, "route:sulfide", "route:oxide", "costUsdPerKWh", 2030, 0.01),
    ], MinUnits: 20);

    [Fact]
    public async Task Priority_rule_pause_and_convergence_round_trip_and_paused_batches_are_listed_as_paused()
    {
        await TestData.SaveTwoScenarios(_db.Database);
        var store = new BatchStore(_db.Database);
        var queries = new BatchQueries(_db.Database);
        Assert.True(await store.Create(TestData.Batch("b-q") with { Priority = BatchPriority.Interactive, Until = Rule }));
        Assert.True(await store.Create(TestData.Batch("b-n")));

        var stored = (await store.Load("b-q"))!;
        Assert.Equal((BatchPriority.Interactive, BatchStatus.Queued), (stored.Priority, stored.Status));
        Assert.Equal(Rule.MinUnits, stored.Until!.MinUnits);
        Assert.Equal(Rule.Targets, stored.Until.Targets);
        Assert.Equal((BatchPriority.Normal, null), (queries.Get("b-n")!.Priority, queries.Get("b-n")!.Until));

        // Paused after it ran: stored as Running with paused_at, read as Paused, found by the PAUSED filter only.
        await store.Start("b-q");
        var paused = await store.Step("b-q", b => b with { Status = BatchStatus.Paused, PausedAt = TestData.T0.AddSeconds(5) });
        Assert.Equal((BatchStatus.Paused, TestData.T0.AddSeconds(5)), (paused.Status, paused.PausedAt));
        Assert.Equal(["b-q"], queries.List(new BatchQuery(BatchStatus.Paused)).Items.Select(b => b.Id));
        Assert.DoesNotContain(queries.List(new BatchQuery(BatchStatus.Running)).Items, b => b.Id == "b-q");
        Assert.Contains(queries.Unfinished(), b => b.Id == "b-q" && b.Status == BatchStatus.Paused);

        // Resumed (Queued), then completed early on its rule.
        var queued = await store.Step("b-q", b => b with { Status = BatchStatus.Queued, PausedAt = null });
        Assert.Equal((BatchStatus.Queued, null), (queued.Status, queued.PausedAt));
        await store.Step("b-q", b => b with { Status = BatchStatus.Running });
        var done = await store.Step("b-q", b => b with { Status = BatchStatus.Completed, TrialsDone = 40_960, Converged = true, FinishedAt = TestData.T0.AddSeconds(9) });
        Assert.Equal((BatchStatus.Completed, true, 40_960L), (done.Status, done.Converged, done.TrialsDone));
        Assert.False(queries.Get("b-n")!.Converged);
    }

    [Fact]
    public async Task A_checkpoint_keeps_each_units_estimates_NaN_included()
    {
        await TestData.Seed(_db.Database, "b-e");
        var store = new BatchStore(_db.Database);
        await store.Start("b-e");
        var set = new UnitSet(4);
        set.Set(0);
        set.Set(1);
        double[][] estimates = [[101.25, 0.4375], [double.NaN, 1.0 / 3]];
        var checkpoint = new Checkpoint("b-e", [1, 2, 3], set.ToBytes(), 2000, TestData.T0, estimates);
        await store.Step("b-e", b => b with { TrialsDone = 2000 }, checkpoint);

        var loaded = (await store.LoadCheckpoint("b-e"))!;
        Assert.Equal(2, loaded.UnitEstimates!.Count);
        Assert.Equal(estimates[0], loaded.UnitEstimates[0]);
        Assert.True(double.IsNaN(loaded.UnitEstimates[1][0]));
        Assert.Equal(BitConverter.DoubleToInt64Bits(1.0 / 3), BitConverter.DoubleToInt64Bits(loaded.UnitEstimates[1][1]));
        // A batch without a rule has none.
        await store.Step("b-e", b => b with { TrialsDone = 3000 }, checkpoint with { UnitEstimates = null });
        Assert.Null((await store.LoadCheckpoint("b-e"))!.UnitEstimates);
    }
}
