using System.Diagnostics;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Grains.Batches;

/// <summary>
/// The in-memory progress of a running batch: merged statistics, the set of merged units, and the unit
/// placements not yet written. Plain C# (no Orleans), so the merge/checkpoint rules are easy to read.
/// A stop-when-converged batch (<see cref="BatchRequest.Until"/>) merges its units in index order only, holding back those
/// that finish early, so its merged trials are always the prefix [0, k·UnitTrials): that is what makes its stopping point
/// and its results those of a batch of that many trials (docs/convergence.md).
/// </summary>
public sealed class BatchRun
{
    private readonly string _batchId;
    private readonly UnitSet _done;
    private readonly List<UnitRun> _unsavedRuns = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<double[]>? _estimates;                  // until: unit i's estimates of the targets, i < UnitsDone
    private readonly SortedDictionary<int, UnitResult> _held = []; // until: finished ahead of the prefix, not merged yet
    private long _trialsThisSession;

    public BatchRequest Request { get; }
    /// <summary>The merged statistics: one run's, or a strategy set's (every member and the cross-member tallies).</summary>
    public BatchStatistics Merged { get; }
    public long TrialsDone { get; private set; }

    private BatchRun(string batchId, BatchRequest request, BatchStatistics merged, UnitSet done, long trialsDone, List<double[]>? estimates)
    {
        _batchId = batchId;
        Request = request;
        Merged = merged;
        _done = done;
        TrialsDone = trialsDone;
        _estimates = estimates;
        Converged = request.Until is { } until && estimates is not null && done.Count < request.UnitCount && ConvergenceRule.IsMet(until, estimates);
    }

    /// <summary>Starts from the last checkpoint, or from nothing, with <paramref name="empty"/> statistics for the request.</summary>
    /// <exception cref="InvalidDataException">The checkpoint of a stop-when-converged batch is not a prefix of units with their estimates.</exception>
    public static BatchRun Restore(string batchId, BatchRequest request, BatchStatistics empty, Checkpoint? checkpoint)
    {
        var estimates = request.Until is null ? null : new List<double[]>(checkpoint?.UnitEstimates ?? []);
        if (checkpoint is null) return new BatchRun(batchId, request, empty, new UnitSet(request.UnitCount), 0, estimates);
        var done = UnitSet.FromBytes(checkpoint.DoneUnits, request.UnitCount);
        if (estimates is not null && (estimates.Count != done.Count || Enumerable.Range(0, done.Count).Any(u => !done.Contains(u))))
            throw new InvalidDataException($"batch {batchId}: its checkpoint has {done.Count} units and {estimates.Count} unit estimates, not a prefix with one each");
        empty.MergeSerialized(checkpoint.Partial);
        return new BatchRun(batchId, request, empty, done, checkpoint.TrialsDone, estimates);
    }

    public int UnitsDone => _done.Count;
    /// <summary>Every unit merged, or (until) the targets converged on the units merged so far.</summary>
    public bool IsComplete => _done.Count == Request.UnitCount || Converged;
    /// <summary>The stop-when-converged rule is met before the last unit: the batch stops at <see cref="TrialsDone"/> trials.</summary>
    public bool Converged { get; private set; }
    public double TrialsPerSecond => _clock.Elapsed.TotalSeconds > 0 ? _trialsThisSession / _clock.Elapsed.TotalSeconds : 0;

    public IEnumerable<int> PendingUnits() => Enumerable.Range(0, Request.UnitCount).Where(u => !_done.Contains(u));

    public UnitAssignment Assignment(int unit)
    {
        long first = (long)unit * Request.UnitTrials;
        return new UnitAssignment(Request.ScenarioSha256, Request.Seed, Request.ChunkSize, unit, first,
            Math.Min(Request.UnitTrials, Request.Trials - first), Request.Strategy, Request.StrategySet, Request.Priority,
            Request.Until?.Targets, _batchId);
    }

    /// <summary>
    /// Merges a unit's partial statistics once; a unit that arrives twice (a retry) counts once. Until: merges in unit
    /// order (a unit ahead of the prefix waits in memory), and stops merging once the rule is met.
    /// </summary>
    public void Merge(UnitResult result)
    {
        if (_done.Contains(result.UnitIndex) || IsComplete) return;
        if (_estimates is null)
        {
            MergeOne(result);
            return;
        }
        if (result.Estimates?.Length != Request.Until!.Targets.Count)
            throw new InvalidDataException($"unit {result.UnitIndex} came back with {result.Estimates?.Length ?? 0} estimates, not one per until target ({Request.Until.Targets.Count})");
        _held[result.UnitIndex] = result;
        while (!IsComplete && _held.Remove(_done.Count, out var next))
        {
            MergeOne(next);
            _estimates.Add(next.Estimates!);
            Converged = _done.Count < Request.UnitCount && ConvergenceRule.IsMet(Request.Until, _estimates);
        }
    }

    private void MergeOne(UnitResult result)
    {
        Merged.MergeSerialized(result.Partial);
        _done.Set(result.UnitIndex);
        TrialsDone += result.TrialCount;
        _trialsThisSession += result.TrialCount;
        _unsavedRuns.Add(new UnitRun(_batchId, result.UnitIndex, result.Silo, result.TrialCount, result.Seconds));
    }

    /// <summary>A consistent snapshot to write, and the placements recorded since the last saved one.</summary>
    public (Checkpoint Checkpoint, IReadOnlyList<UnitRun> NewRuns) TakeCheckpoint() =>
        (new Checkpoint(_batchId, Merged.Serialize(), _done.ToBytes(), TrialsDone, DateTimeOffset.UtcNow, _estimates?.ToList()), UnsavedRuns);

    /// <summary>The unit placements merged since the last saved checkpoint.</summary>
    public IReadOnlyList<UnitRun> UnsavedRuns => _unsavedRuns.ToList();

    /// <summary>Forgets the placements a checkpoint has written; a failed write keeps them for the next one.</summary>
    public void MarkSaved(IReadOnlyList<UnitRun> saved) => _unsavedRuns.RemoveRange(0, Math.Min(saved.Count, _unsavedRuns.Count));
}
