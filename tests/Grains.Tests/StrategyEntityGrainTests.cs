using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Grains.Batches;
using Orleans.TestingHost;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// A running strategy-set batch gives each member's route, plant and option grains (keys <c>{sha}/{id}/{strategy}</c>,
/// base at <c>{sha}/{id}</c>) that member's own running statistics, checked against the engine's member documents.
/// The batch checkpoints every 0.1 s (so it publishes while it runs, over many units) on tiny-v2, whose every trial is
/// the worked example: the statistics of any subset of trials equal those of the engine's first trials of the same
/// count (counts, quantiles, milestones exactly; means and deviations to 1e−9, the sums' rounding).
/// </summary>
public sealed class StrategyEntityGrainTests : IAsyncLifetime
{
    private const string File = "tests/Engine.Tests/Process/tiny-v2.yaml";
    // Enough units that the batch runs past several checkpoints on any machine.
    private const long Trials = 200_000;
    private const int UnitTrials = 2_000;
    private readonly string _database = TestClusters.TempDatabase();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestClusters.StartAsync(1, _database, batches: o => { o.CheckpointInterval = TimeSpan.FromMilliseconds(100); o.SlotsPerSilo = 1; });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Each_member_of_a_running_set_batch_has_its_own_entity_grains_and_statistics()
    {
        var grains = _cluster.Client;
        string sha = await TestClusters.StoreScenario(grains, File);
        string id = BatchIds.New();
        var view = await TestClusters.RunToEnd(grains, id, new BatchRequest(sha, 42, Trials, 1024, UnitTrials, StrategySet: true), TimeSpan.FromMinutes(3));
        Assert.Equal(BatchStatus.Completed, view.Status);

        var set = new StrategySet(ScenarioLoader.LoadFile(Path.Combine(TestClusters.RepoRoot(), File)));
        var (oxideBase, oxideEarly) = (await Running<IRouteGrain>(grains, sha, "oxide", null, id), await Running<IRouteGrain>(grains, sha, "oxide", "early-sinter", id));
        // The last publish is before the last unit is merged.
        long trials = oxideBase.TrialsDone;
        Assert.InRange(trials, UnitTrials, Trials - UnitTrials);
        var expected = set.Build(set.Run(42, trials, 1024, threads: 1), 42);

        foreach (var (member, index) in new[] { ("base", 0), ("early-sinter", 1) })
        {
            var doc = expected.Members[index];
            foreach (string entity in new[] { "route:oxide", "plant:p1", "plant:p2", "region:R1", "option:low-temp-sintering" })
            {
                string entityId = entity[(entity.IndexOf(':') + 1)..];
                var running = entity.Split(':')[0] switch
                {
                    "route" => await Running<IRouteGrain>(grains, sha, entityId, member, id),
                    "plant" => await Running<IPlantGrain>(grains, sha, entityId, member, id),
                    "region" => await Running<IRegionGrain>(grains, sha, entityId, member, id),
                    _ => await Running<IOptionGrain>(grains, sha, entityId, member, id),
                };
                Assert.Equal(trials, running.TrialsDone);
                Assert.False(running.Final);
                SameSeries(doc.Series.Where(s => s.Entity == entity).Select(ResultViews.ToPoint).ToList(), running.Series);
                Assert.NotEmpty(running.Series);
                var milestones = doc.Milestones.Where(m => m.Entity == entity).Select(ResultViews.ToPoint).ToList();
                Assert.Equal(milestones.Select(Flat), running.Milestones.Select(Flat));
                Assert.Equal(doc.Comparisons.Where(c => c.A == entity).Select(c => ResultViews.ToPoint(c) with { DeltaMean = null }),
                    running.Comparisons.Select(c => c with { DeltaMean = null }));
            }
        }
        // The strategy moves the option's readiness to 2026: its members' statistics must differ (else one member's
        // statistics could have been given to both).
        var adopted = (await Running<IOptionGrain>(grains, sha, "low-temp-sintering", null, id)).Milestones.Single(m => m.Milestone == "adopted");
        var adoptedEarly = (await Running<IOptionGrain>(grains, sha, "low-temp-sintering", "early-sinter", id)).Milestones.Single(m => m.Milestone == "adopted");
        Assert.NotEqual(adopted.P50, adoptedEarly.P50);
        Assert.NotEqual(oxideBase.Series.Select(s => s.Mean), oxideEarly.Series.Select(s => s.Mean));
    }

    [Fact]
    public async Task A_members_entity_grain_describes_the_member_and_an_unknown_member_is_refused()
    {
        var grains = _cluster.Client;
        string sha = await TestClusters.StoreScenario(grains, File);
        string path = "options.low-temp-sintering.readyYear";
        var file = await grains.GetGrain<IOptionGrain>(EntityKeys.Of(sha, "low-temp-sintering")).GetDefinition();
        var early = await grains.GetGrain<IOptionGrain>(EntityKeys.Of(sha, "low-temp-sintering", "early-sinter")).GetDefinition();
        Assert.Equal([2027.0], file.Parameters.Single(p => p.Path == path).Arguments);
        Assert.Equal([2026.0], early.Parameters.Single(p => p.Path == path).Arguments);
        Assert.Equal(("option", "low-temp-sintering"), (early.Kind, early.Id));
        Assert.Equal(EntityKeys.Of(sha, "p1"), EntityKeys.Of(sha, "p1", "base"));
        Assert.Equal((sha, "p1", "early-sinter"), EntityKeys.Parse(EntityKeys.Of(sha, "p1", "early-sinter")));
        await Assert.ThrowsAnyAsync<Exception>(() => grains.GetGrain<IRouteGrain>(EntityKeys.Of(sha, "oxide", "late-sinter")).GetDefinition());
    }

    private static void SameSeries(IReadOnlyList<SeriesPoint> expected, IReadOnlyList<SeriesPoint> actual)
    {
        Assert.Equal(expected.Select(s => s with { Mean = null, StdDev = null }), actual.Select(s => s with { Mean = null, StdDev = null }));
        for (int i = 0; i < expected.Count; i++)
        {
            Close(expected[i].Mean, actual[i].Mean);
            Close(expected[i].StdDev, actual[i].StdDev);
        }
    }

    private static void Close(double? expected, double? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is { } e) Assert.True(Math.Abs(e - actual!.Value) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{e} vs {actual}");
    }

    private static object Flat(MilestonePoint m) =>
        (m.Entity, m.Milestone, m.ProbabilityByEnd, string.Join(";", m.ProbabilityByYear), m.P10, m.P50, m.P90);

    private static Task<EntityResults> Running<TGrain>(IGrainFactory grains, string sha, string id, string? member, string batchId)
        where TGrain : IEntityGrain =>
        grains.GetGrain<TGrain>(EntityKeys.Of(sha, id, member)).GetRunningResults(batchId);
}
