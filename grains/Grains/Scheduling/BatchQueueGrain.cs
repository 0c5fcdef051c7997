using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScenarioGrid.Grains.Batches;

namespace ScenarioGrid.Grains.Scheduling;

/// <summary>
/// Admits batches to run, at most Batches:MaxRunningBatches at once (interactive ones also in the places of
/// Batches:InteractiveReserve), queued ones by priority then submission time. Its
/// state is two in-memory tables, both rebuilt by the batch grains' own calls when this grain moves to another silo: the
/// running batches (each refreshes its entry at every checkpoint; an entry not refreshed for a lease time is dropped, so a
/// batch whose silo died stops counting until the supervisor resumes it, which then re-registers), and the waiting ones
/// (the supervisor's resume calls re-ask every few seconds). The batches row stays the only durable state: nothing here
/// is stored. Only order and count are decided here; the cores are shared per silo by <see cref="SlotAdmission"/>.
/// </summary>
public sealed partial class BatchQueueGrain(IOptions<BatchOptions> options, ILogger<BatchQueueGrain> logger) : Grain, IBatchQueueGrain
{
    private readonly Dictionary<string, DateTimeOffset> _running = new(StringComparer.Ordinal); // id → last heard of
    private readonly Dictionary<string, (BatchPriority Priority, DateTimeOffset SubmittedAt)> _waiting = new(StringComparer.Ordinal);

    private TimeSpan Lease => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 6 * options.Value.CheckpointInterval.Ticks));

    public Task<bool> TryStart(string batchId, BatchPriority priority, DateTimeOffset submittedAt, bool continuing,
        CancellationToken cancellationToken = default)
    {
        DropExpired();
        if (continuing || _running.ContainsKey(batchId))
        {
            _waiting.Remove(batchId);
            _running[batchId] = DateTimeOffset.UtcNow;
            return Task.FromResult(true);
        }
        _waiting[batchId] = (priority, submittedAt);
        if (_running.Count < Limit(priority) && Next() == batchId)
        {
            _waiting.Remove(batchId);
            _running[batchId] = DateTimeOffset.UtcNow;
            LogAdmitted(batchId, priority, _running.Count);
            WakeNext(); // room for more: the next one asks in turn
            return Task.FromResult(true);
        }
        LogWaiting(batchId, priority, _running.Count, _waiting.Count);
        WakeNext(); // another waiting batch may come first and fit
        return Task.FromResult(false);
    }

    public Task StillRunning(string batchId, CancellationToken cancellationToken = default)
    {
        _running[batchId] = DateTimeOffset.UtcNow;
        return Task.CompletedTask;
    }

    public Task Left(string batchId, CancellationToken cancellationToken = default)
    {
        _running.Remove(batchId);
        _waiting.Remove(batchId);
        DropExpired();
        WakeNext();
        return Task.CompletedTask;
    }

    /// <summary>The waiting batch that comes first: priority, then submission time, then id.</summary>
    private string? Next() => _waiting.OrderBy(w => w.Value.Priority).ThenBy(w => w.Value.SubmittedAt)
        .ThenBy(w => w.Key, StringComparer.Ordinal).Select(w => w.Key).FirstOrDefault();

    /// <summary>How many may run at once when a batch of this priority starts: interactive ones may also take the reserve.</summary>
    private int Limit(BatchPriority priority) =>
        options.Value.MaxRunningBatches + (priority == BatchPriority.Interactive ? options.Value.InteractiveReserve : 0);

    /// <summary>
    /// Tells the first waiting batch to ask again while there is room. Not awaited: the batch's answer is a call back into
    /// this grain, which would wait for this turn. Its entry goes; it comes back if the batch is still waiting.
    /// </summary>
    private void WakeNext()
    {
        if (Next() is not { } next || _running.Count >= Limit(_waiting[next].Priority)) return;
        _waiting.Remove(next);
        GrainFactory.GetGrain<IBatchGrain>(next).Resume().Ignore();
    }

    private void DropExpired()
    {
        var cutoff = DateTimeOffset.UtcNow - Lease;
        foreach (var id in _running.Where(r => r.Value < cutoff).Select(r => r.Key).ToList())
        {
            _running.Remove(id);
            LogExpired(id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch queue: {BatchId} ({Priority}) starts; {Running} running")]
    private partial void LogAdmitted(string batchId, BatchPriority priority, int running);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch queue: {BatchId} ({Priority}) waits; {Running} running, {Waiting} waiting")]
    private partial void LogWaiting(string batchId, BatchPriority priority, int running, int waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch queue: {BatchId} was not heard of for a lease time; it no longer counts as running")]
    private partial void LogExpired(string batchId);
}
