namespace ScenarioGrid.Persistence;

/// <summary>Where and how fast one chunk of a batch ran (for the per-silo breakdown).</summary>
public sealed record ChunkRun(string BatchId, int ChunkIndex, string Silo, long Trials, double Seconds);
