using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// The batch queue on a cluster that runs one batch at a time: a second batch waits Queued and can be cancelled there;
/// a paused batch frees its place, stays paused through a restart of the cluster, and once resumed continues from its
/// checkpoint to the results of an uninterrupted run.
/// </summary>
public class QueueTests
{
    private const long Seed = 5;
    private const long Trials = 1_000_000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3); // the machine may be loaded: generous waits, no durations asserted

    private static Task<Orleans.TestingHost.InProcessTestCluster> Start(string db) => TestClusters.StartAsync(1, db, batches: o =>
    {
        o.MaxRunningBatches = 1;
        o.SupervisorInterval = TimeSpan.FromMilliseconds(300);
        o.CheckpointInterval = TimeSpan.FromMilliseconds(300);
    });

    [Fact]
    public async Task Queued_batches_wait_their_turn_can_be_cancelled_and_a_paused_batch_survives_a_restart()
    {
        string db = TestClusters.TempDatabase();
        string paused = BatchIds.New(), cancelled = BatchIds.New(), interactive = BatchIds.New();
        long trialsAtPause;
        string baseline;
        {
            await using var cluster = await Start(db);
            var grains = cluster.Client;
            baseline = await TestClusters.StoreScenario(grains, TestClusters.V1Scenarios + "baseline.yaml");
            string tiny = await TestClusters.StoreScenario(grains, "scenarios/tiny.yaml");
            var big = grains.GetGrain<IBatchGrain>(paused);
            await big.Submit(new BatchRequest(baseline, Seed, Trials, 1024, 4096, Priority: BatchPriority.Overnight)); // small units: short calls on a loaded machine
            await Until(async () => (await big.GetStatus()).TrialsDone > 0, "the first batch to run", big);

            // The one running place is taken: a second batch waits, through several supervisor rounds, and is cancelled there.
            var second = grains.GetGrain<IBatchGrain>(cancelled);
            Assert.Equal(BatchStatus.Queued, (await second.Submit(BatchRequest.For(tiny, 1, 20_000))).Status);
            await Task.Delay(1000);
            Assert.Equal((BatchStatus.Queued, 0L), await StatusOf(second));
            Assert.Equal(BatchStatus.Cancelled, (await second.Cancel()).Status);

            // Pausing writes the progress with the status; nothing moves after that.
            var view = await big.Pause();
            Assert.Equal(BatchStatus.Paused, view.Status);
            trialsAtPause = view.TrialsDone;
            var row = cluster.Service<BatchQueries>().Get(paused)!;
            Assert.Equal((BatchStatus.Paused, trialsAtPause), (row.Status, row.TrialsDone));
            Assert.Contains(cluster.Service<BatchQueries>().List(new BatchQuery(BatchStatus.Paused)).Items, b => b.Id == paused);

            // Its place is free: the next batch runs to the end.
            var done = await TestClusters.RunToEnd(grains, interactive, BatchRequest.For(tiny, 2, 20_000) with { Priority = BatchPriority.Interactive }, Patience);
            Assert.Equal(BatchStatus.Completed, done.Status);
            Assert.Equal((BatchStatus.Paused, trialsAtPause), await StatusOf(big));
        }
        {
            // A new cluster on the same database: its supervisor resumes unfinished batches, but not a paused one.
            await using var cluster = await Start(db);
            var big = cluster.Client.GetGrain<IBatchGrain>(paused);
            await Task.Delay(1500);
            Assert.Equal((BatchStatus.Paused, trialsAtPause), await StatusOf(big));
            Assert.Equal(BatchStatus.Cancelled, cluster.Service<BatchQueries>().Get(cancelled)!.Status);

            Assert.Equal(BatchStatus.Queued, (await big.Unpause()).Status);
            await Until(async () => (await big.GetStatus()).IsFinished, "the resumed batch to finish", big);
            var end = await big.GetStatus();
            Assert.Equal((BatchStatus.Completed, Trials), (end.Status, end.TrialsDone));

            var model = new CompiledModel(ScenarioLoader.LoadFile(Path.Combine(TestClusters.RepoRoot(), TestClusters.V1Scenarios, "baseline.yaml")));
            ResultAssert.Equivalent(ResultBuilder.Build(model, BatchRunner.Run(model, (ulong)Seed, Trials), Seed),
                cluster.Service<ResultQueries>().Document(paused)!);
        }
    }

    [Fact]
    public async Task An_interactive_batch_starts_in_the_reserve_while_long_batches_hold_every_place()
    {
        await using var cluster = await Start(TestClusters.TempDatabase());
        var grains = cluster.Client;
        string baseline = await TestClusters.StoreScenario(grains, TestClusters.V1Scenarios + "baseline.yaml");
        string tiny = await TestClusters.StoreScenario(grains, "scenarios/tiny.yaml");
        var overnight = grains.GetGrain<IBatchGrain>(BatchIds.New());
        await overnight.Submit(new BatchRequest(baseline, Seed, 50_000_000, 1024, 4096, Priority: BatchPriority.Overnight));
        await Until(async () => (await overnight.GetStatus()).TrialsDone > 0, "the overnight batch to run", overnight);

        // The one place is taken: a normal batch waits; an interactive one takes the reserved place and finishes meanwhile.
        var normal = grains.GetGrain<IBatchGrain>(BatchIds.New());
        Assert.Equal(BatchStatus.Queued, (await normal.Submit(BatchRequest.For(tiny, 1, 20_000))).Status);
        var done = await TestClusters.RunToEnd(grains, BatchIds.New(), BatchRequest.For(tiny, 2, 20_000) with { Priority = BatchPriority.Interactive },
            Patience);
        Assert.Equal(BatchStatus.Completed, done.Status);
        Assert.Equal(BatchStatus.Running, (await overnight.GetStatus()).Status);
        Assert.Equal((BatchStatus.Queued, 0L), await StatusOf(normal));

        await normal.Cancel();
        await overnight.Cancel();
    }

    private static async Task<(BatchStatus, long)> StatusOf(IBatchGrain grain)
    {
        var view = await grain.GetStatus();
        return (view.Status, view.TrialsDone);
    }

    private static async Task Until(Func<Task<bool>> condition, string what, IBatchGrain? batch = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited {Patience} for {what}{(batch is null ? "" : $": {await batch.GetStatus()}")}");
            await Task.Delay(50);
        }
    }
}
