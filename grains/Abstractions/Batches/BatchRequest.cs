namespace ScenarioGrid.Grains;

/// <summary>
/// What to run: a stored scenario (by content hash), a seed, a trial count, the kernel chunk size and the
/// trials per work unit (one grain message each). Units are deterministic: unit i covers trials
/// [i·UnitTrials, min((i+1)·UnitTrials, Trials)). Model v2: <see cref="Strategy"/> runs that one member of the
/// file's strategy set ("base" is the file itself); <see cref="StrategySet"/> runs every member on each unit's trials
/// (common random numbers, paired cross-member comparisons). Neither: the file as it is. <see cref="Priority"/> orders
/// it among other batches (docs/scheduling.md); <see cref="Until"/> stops it once its statistics converged (docs/convergence.md).
/// </summary>
[GenerateSerializer, Immutable, Alias("sg.BatchRequest")]
public sealed record BatchRequest(string ScenarioSha256, long Seed, long Trials, int ChunkSize, int UnitTrials,
    string? Strategy = null, bool StrategySet = false, BatchPriority Priority = BatchPriority.Normal, Until? Until = null)
{
    public const int DefaultChunkSize = 1024;
    public const int DefaultUnitTrials = 65_536;
    public int UnitCount => (int)((Trials + UnitTrials - 1) / UnitTrials);

    /// <summary>A request with the default unit size for its trial count.</summary>
    public static BatchRequest For(string scenarioSha256, long seed, long trials, int chunkSize = DefaultChunkSize) =>
        new(scenarioSha256, seed, trials, chunkSize, DefaultUnitFor(trials, chunkSize));

    /// <summary>
    /// At least 16 units per batch (so a small batch still spreads over the cores), in whole chunks, and
    /// at most <see cref="DefaultUnitTrials"/> trials each: a unit's partial result is about 450 KB and costs
    /// ~15 ms to merge, so fewer, larger units are cheaper (measured in docs/performance.md). A strategy set's unit
    /// runs every one of its <paramref name="members"/> on its trials, so it gets that many times fewer: a unit
    /// stays seconds of work, and the set's progress and checkpoints come as often as a single run's.
    /// </summary>
    public static int DefaultUnitFor(long trials, int chunkSize, int members = 1)
    {
        long perUnit = Math.Min(DefaultUnitTrials / Math.Max(1, members), (trials + 15) / 16);
        long chunks = Math.Max(1, (perUnit + chunkSize - 1) / chunkSize);
        return (int)Math.Max(chunkSize, Math.Min(chunks * chunkSize, int.MaxValue));
    }
}
