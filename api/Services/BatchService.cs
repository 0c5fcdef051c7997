using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Services;

/// <summary>
/// Batches: read through the query library (lists, finished state), written only by their grains (submit,
/// cancel), which also serve live progress.
/// </summary>
public sealed class BatchService(IGrainFactory grains, BatchQueries batches, ScenarioModels models)
{
    public BatchRecord? Get(string id) => batches.Get(id);

    /// <summary>The rows of several batches in one query (the live-progress loader of a page uses it).</summary>
    public IReadOnlyDictionary<string, BatchRecord> Get(IReadOnlyCollection<string> ids) => batches.Get(ids);

    public BatchPage List(BatchQuery query) => batches.List(query);

    /// <summary>The grain's view: live trials done, throughput and ETA while the batch runs.</summary>
    public Task<BatchView> Live(string id, CancellationToken cancellationToken) =>
        grains.GetGrain<IBatchGrain>(id).GetStatus(cancellationToken);

    /// <summary>
    /// Starts a batch of a stored scenario under a new id and returns its record: the file itself, one member of its
    /// strategy set (<paramref name="strategy"/>), or every member (<paramref name="strategySet"/>).
    /// </summary>
    public async Task<BatchRecord> Submit(StoredScenario scenario, long trials, long seed, int chunkSize, CancellationToken cancellationToken,
        string? strategy = null, bool strategySet = false, BatchPriority priority = BatchPriority.Normal, Until? until = null)
    {
        // The grain refuses a bad member or target too (ArgumentException); here they are the user's BAD_INPUT before anything runs.
        int members = 1;
        try
        {
            if (strategySet) members = models.Set(scenario.Sha256).MemberIds.Count;
            else if (strategy is not null) models.Get(scenario.Sha256, strategy);
        }
        catch (ArgumentException e) { throw ApiErrors.BadInput(e.Message); }
        var request = new BatchRequest(scenario.Sha256, seed, trials, chunkSize,
            chunkSize is >= 1 and <= BatchLimits.MaxChunkSize ? BatchRequest.DefaultUnitFor(trials, chunkSize, members) : chunkSize,
            strategy, strategySet, priority, until);
        if (BatchLimits.Check(request) is { } problem) throw ApiErrors.BadInput(problem);
        try { ConvergenceTargets.Check(models, request); }
        catch (ArgumentException e) { throw ApiErrors.BadInput(e.Message); }
        string id = BatchIds.New();
        // Not cancelled with the HTTP request: once submitted, the batch belongs to the cluster.
        await grains.GetGrain<IBatchGrain>(id).Submit(request, CancellationToken.None);
        return batches.Get(id) ?? throw new InvalidOperationException($"batch {id} was submitted but is not in the database");
    }

    /// <summary>Asks the batch's grain to stop it for good; a finished one is left as it is. Returns the grain's view.</summary>
    public Task<BatchView> Cancel(BatchRecord batch, CancellationToken cancellationToken) =>
        grains.GetGrain<IBatchGrain>(batch.Id).Cancel(cancellationToken);

    /// <summary>Asks the batch's grain to pause it (a queued or running one); others are left as they are.</summary>
    public Task<BatchView> Pause(BatchRecord batch, CancellationToken cancellationToken) =>
        grains.GetGrain<IBatchGrain>(batch.Id).Pause(cancellationToken);

    /// <summary>Asks the batch's grain to put a paused batch back in the queue; others are left as they are.</summary>
    public Task<BatchView> Unpause(BatchRecord batch, CancellationToken cancellationToken) =>
        grains.GetGrain<IBatchGrain>(batch.Id).Unpause(cancellationToken);
}
