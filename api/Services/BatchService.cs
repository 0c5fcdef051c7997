using ScenarioGrid.Grains;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Api.Services;

/// <summary>Batches: the database index for listing and finished state, the batch grains for submitting, cancelling and live progress.</summary>
public sealed class BatchService(IGrainFactory grains, BatchStore store)
{
    public const int MaxChunkSize = 1 << 20;
    public const long MaxTrials = int.MaxValue;

    public BatchRecord? Get(string id) => store.Get(id);

    public BatchPage List(BatchQuery query) => store.List(query);

    /// <summary>The grain's view: live trials done, throughput and ETA while the batch runs.</summary>
    public Task<BatchView> Live(string id, CancellationToken cancellationToken) =>
        grains.GetGrain<IBatchGrain>(id).GetStatus(cancellationToken);

    /// <summary>Starts a batch of a stored scenario under a new id and returns its record.</summary>
    public async Task<BatchRecord> Submit(StoredScenario scenario, long trials, long seed, int chunkSize, CancellationToken cancellationToken)
    {
        if (trials is < 1 or > MaxTrials) throw ApiErrors.BadInput($"trials must be from 1 to {MaxTrials}, not {trials}");
        if (seed < 0 || seed >= 1L << 53) throw ApiErrors.BadInput($"seed must be a whole number 0 ≤ seed < 2^53, not {seed}");
        if (chunkSize is < 1 or > MaxChunkSize) throw ApiErrors.BadInput($"chunkSize must be from 1 to {MaxChunkSize}, not {chunkSize}");
        string id = NewId();
        var request = new BatchRequest(scenario.Sha256, seed, trials, chunkSize, BatchRequest.DefaultUnitFor(trials, chunkSize));
        // Not cancelled with the HTTP request: once submitted, the batch belongs to the cluster.
        await grains.GetGrain<IBatchGrain>(id).Submit(request, CancellationToken.None);
        return store.Get(id) ?? throw new InvalidOperationException($"batch {id} was submitted but is not in the database");
    }

    /// <summary>Stops an unfinished batch for good; a finished one is left as it is.</summary>
    public async Task<BatchRecord> Cancel(BatchRecord batch, CancellationToken cancellationToken)
    {
        await grains.GetGrain<IBatchGrain>(batch.Id).Cancel(cancellationToken);
        return store.Get(batch.Id) ?? batch;
    }

    /// <summary>A short, unique, URL-safe batch id (the CLI's form).</summary>
    public static string NewId() => "b-" + Guid.NewGuid().ToString("N")[..12];
}
