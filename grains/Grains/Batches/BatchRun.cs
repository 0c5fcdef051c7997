using System.Diagnostics;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Grains.Batches;

/// <summary>
/// The in-memory progress of a running batch: merged statistics, the set of merged units, and the unit
/// placements not yet written. Plain C# (no Orleans), so the merge/checkpoint rules are easy to read.
/// </summary>
public sealed class BatchRun
{
    private readonly string _batchId;
    private readonly UnitSet _done;
    private readonly List<UnitRun> _unsavedRuns = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _trialsThisSession;

    public BatchRequest Request { get; }
    /// <summary>The merged statistics: one run's, or a strategy set's (every member and the cross-member tallies).</summary>
    public BatchStatistics Merged { get; }
    public long TrialsDone { get; private set; }

    private BatchRun(string batchId, BatchRequest request, BatchStatistics merged, UnitSet done, long trialsDone)
    {
        _batchId = batchId;
        Request = request;
        Merged = merged;
        _done = done;
        TrialsDone = trialsDone;
    }

    /// <summary>Starts from the last checkpoint, or from nothing, with <paramref name="empty"/> statistics for the request.</summary>
    public static BatchRun Restore(string batchId, BatchRequest request, BatchStatistics empty, Checkpoint? checkpoint)
    {
        if (checkpoint is null) return new BatchRun(batchId, request, empty, new UnitSet(request.UnitCount), 0);
        empty.MergeSerialized(checkpoint.Partial);
        return new BatchRun(batchId, request, empty, UnitSet.FromBytes(checkpoint.DoneUnits, request.UnitCount), checkpoint.TrialsDone);
    }

    public int UnitsDone => _done.Count;
    public bool IsComplete => _done.Count == Request.UnitCount;
    public double TrialsPerSecond => _clock.Elapsed.TotalSeconds > 0 ? _trialsThisSession / _clock.Elapsed.TotalSeconds : 0;

    public IEnumerable<int> PendingUnits() => Enumerable.Range(0, Request.UnitCount).Where(u => !_done.Contains(u));

    public UnitAssignment Assignment(int unit)
    {
        long first = (long)unit * Request.UnitTrials;
        return new UnitAssignment(Request.ScenarioSha256, Request.Seed, Request.ChunkSize, unit, first,
            Math.Min(Request.UnitTrials, Request.Trials - first), Request.Strategy, Request.StrategySet);
    }

    /// <summary>Merges a unit's partial statistics once; a unit that arrives twice (a retry) counts once.</summary>
    public void Merge(UnitResult result)
    {
        if (_done.Contains(result.UnitIndex)) return;
        Merged.MergeSerialized(result.Partial);
        _done.Set(result.UnitIndex);
        TrialsDone += result.TrialCount;
        _trialsThisSession += result.TrialCount;
        _unsavedRuns.Add(new UnitRun(_batchId, result.UnitIndex, result.Silo, result.TrialCount, result.Seconds));
    }

    /// <summary>A consistent snapshot to write, and the placements recorded since the last saved one.</summary>
    public (Checkpoint Checkpoint, IReadOnlyList<UnitRun> NewRuns) TakeCheckpoint() =>
        (new Checkpoint(_batchId, Merged.Serialize(), _done.ToBytes(), TrialsDone, DateTimeOffset.UtcNow), UnsavedRuns);

    /// <summary>The unit placements merged since the last saved checkpoint.</summary>
    public IReadOnlyList<UnitRun> UnsavedRuns => _unsavedRuns.ToList();

    /// <summary>Forgets the placements a checkpoint has written; a failed write keeps them for the next one.</summary>
    public void MarkSaved(IReadOnlyList<UnitRun> saved) => _unsavedRuns.RemoveRange(0, saved.Count);
}
