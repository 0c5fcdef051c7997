namespace ScenarioGrid.Persistence;

/// <summary>
/// The durable progress of a batch: its merged partial statistics (opaque to this store), the chunks they
/// include (a <see cref="ChunkSet"/> as bytes) and the trials they cover.
/// </summary>
public sealed record Checkpoint(string BatchId, byte[] Partial, byte[] DoneChunks, long TrialsDone, DateTimeOffset UpdatedAt);
