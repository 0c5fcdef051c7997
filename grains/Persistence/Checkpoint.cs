namespace ScenarioGrid.Persistence;

/// <summary>
/// The durable progress of a batch: its merged partial statistics (opaque to this store), the units they
/// include (a <see cref="UnitSet"/> as bytes) and the trials they cover.
/// </summary>
public sealed record Checkpoint(string BatchId, byte[] Partial, byte[] DoneUnits, long TrialsDone, DateTimeOffset UpdatedAt);
