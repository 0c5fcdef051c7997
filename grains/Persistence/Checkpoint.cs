namespace ScenarioGrid.Persistence;

/// <summary>
/// The durable progress of a batch: its merged partial statistics (opaque to this store), the units they
/// include (a <see cref="UnitSet"/> as bytes) and the trials they cover; for a stop-when-converged batch, the estimates
/// of its targets from each merged unit, in unit order (its merged units are always a prefix).
/// </summary>
public sealed record Checkpoint(string BatchId, byte[] Partial, byte[] DoneUnits, long TrialsDone, DateTimeOffset UpdatedAt,
    IReadOnlyList<double[]>? UnitEstimates = null);
