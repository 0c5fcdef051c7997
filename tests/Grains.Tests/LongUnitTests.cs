using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// A work unit may compute for longer than Orleans' response timeout (30 s by default): a strategy-set unit runs
/// every member, five v2 worlds, on its trials, and a loaded host stretches that further. Such a unit must not be
/// taken for a failure (before, each attempt timed out, queued behind the still-running first one, and the batch
/// failed after five). The silo's response timeout is cut to 1 s here so that a unit of a few seconds outlasts it.
/// </summary>
public class LongUnitTests
{
    [Fact]
    public async Task A_set_unit_that_outlasts_the_response_timeout_still_completes_the_batch()
    {
        string database = TestClusters.TempDatabase();
        await using var cluster = await TestClusters.StartAsync(1, database,
            services: s => s.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(1)));
        string sha = await TestClusters.StoreScenario(cluster.Client, "scenarios/strategies.yaml");
        const long trials = 8_192; // one unit: five members of the v2 baseline, seconds on one core (Debug)
        string id = BatchIds.New();
        var view = await TestClusters.RunToEnd(cluster.Client, id, new BatchRequest(sha, 3, trials, 1024, (int)trials, StrategySet: true),
            TimeSpan.FromMinutes(5));
        Assert.True(view.Status == BatchStatus.Completed, $"{view.Status}: {view.Error}");

        var units = cluster.Service<BatchQueries>().UnitsPerSilo(id);
        Assert.True(units.Sum(u => u.Seconds) > 1, $"the unit took {units.Sum(u => u.Seconds):F2} s: too short to outlast the timeout");
        var set = new StrategySet(ScenarioLoader.LoadFile(Path.Combine(TestClusters.RepoRoot(), "scenarios/strategies.yaml")));
        ResultAssert.Equivalent(set.Build(set.Run(3, trials, 1024, threads: 1), 3), cluster.Service<ResultQueries>().SetDocument(id)!);
    }
}
