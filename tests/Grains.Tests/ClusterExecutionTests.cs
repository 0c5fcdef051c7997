using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// The same batch on one silo and on three gives identical statistics (counter-based draws, exact sketch
/// merges), and the work units really ran on every silo of the three.
/// </summary>
public class ClusterExecutionTests
{
    private const long Trials = 60_000;

    private static BatchRequest Request(string sha) => new(sha, Seed: 7, Trials, ChunkSize: 1024, UnitTrials: 4096);

    private static async Task<(BatchResult Result, IReadOnlyList<SiloUnits> Placement)> Run(int silos)
    {
        string db = TestClusters.TempDatabase();
        await using var cluster = await TestClusters.StartAsync(silos, db);
        string sha = await TestClusters.StoreScenario(cluster.Client, TestClusters.V1Scenarios + "sulfide-vs-oxide.yaml");
        var view = await TestClusters.RunToEnd(cluster.Client, "b-test", Request(sha), TimeSpan.FromMinutes(2));
        Assert.Equal(BatchStatus.Completed, view.Status);
        Assert.Equal(Trials, view.TrialsDone);
        var result = cluster.Service<ResultQueries>().Document("b-test");
        Assert.NotNull(result);
        return (result, cluster.Service<BatchQueries>().UnitsPerSilo("b-test"));
    }

    [Fact]
    public async Task One_and_three_silos_give_identical_statistics_and_three_silos_all_work()
    {
        var (one, onePlacement) = await Run(1);
        var (three, threePlacement) = await Run(3);

        Assert.Single(onePlacement);
        Assert.Equal(3, threePlacement.Count);
        Assert.All(threePlacement, s => Assert.True(s.Units > 0, $"silo {s.Silo} ran no unit"));
        Assert.Equal(Request("x").UnitCount, threePlacement.Sum(s => s.Units));
        ResultAssert.Equivalent(one, three);
    }
}
