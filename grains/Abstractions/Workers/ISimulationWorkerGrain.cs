namespace ScenarioGrid.Grains;

/// <summary>
/// A simulation slot, keyed <c>{batchId}/{slot}</c> and placed so that a batch's slots spread evenly over
/// the silos. It runs the entity logic (plants, routes, regions) of the engine for a work unit of
/// thousands of trials and returns the mergeable partial statistics.
/// </summary>
public interface ISimulationWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs the unit once a slot is free (or defers it). Its own response timeout: a unit is seconds of CPU, a
    /// strategy-set unit five worlds' worth, and a loaded host stretches both past Orleans' 30 s default, after which
    /// the batch took a computing unit for a failed one. A silo that dies fails the call as soon as the cluster
    /// declares it dead, so the long timeout only waits on a silo that is alive and computing.
    /// </summary>
    [ResponseTimeout("00:15:00")]
    Task<UnitResult> RunUnit(UnitAssignment unit, CancellationToken cancellationToken = default);

    /// <summary>The batch needs this slot no more: the activation (tens of MB of accumulators) goes at once.</summary>
    Task Release(CancellationToken cancellationToken = default);
}

/// <summary>
/// Trials [FirstTrial, FirstTrial + TrialCount) of a batch. Model v2: <see cref="Strategy"/> runs that member of the
/// file's strategy set; <see cref="StrategySet"/> runs every member on these trials, and the partial is the set's.
/// <see cref="Priority"/> and <see cref="BatchId"/> place it in the silo's slot queue; <see cref="Estimate"/> asks for the unit's
/// estimates of a stop-when-converged batch's targets.
/// </summary>
[GenerateSerializer, Immutable, Alias("sg.UnitAssignment")]
public sealed record UnitAssignment(string ScenarioSha256, long Seed, int ChunkSize, int UnitIndex, long FirstTrial, long TrialCount,
    string? Strategy = null, bool StrategySet = false, BatchPriority Priority = BatchPriority.Normal,
    IReadOnlyList<ConvergenceTarget>? Estimate = null, string BatchId = "");

/// <summary>
/// The partial statistics of one unit (the engine's serialized accumulator) and where it ran; the unit's estimates of the
/// batch's convergence targets (in target order) when it has any. <see cref="Deferred"/>: the silo had no simulation slot
/// for it in time (busier batches of higher priority); nothing ran, and the batch sends it again later.
/// </summary>
[GenerateSerializer, Immutable, Alias("sg.UnitResult")]
public sealed record UnitResult(int UnitIndex, long TrialCount, byte[] Partial, string Silo, double Seconds,
    double[]? Estimates = null, bool Deferred = false);
