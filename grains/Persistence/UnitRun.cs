namespace ScenarioGrid.Persistence;

/// <summary>Where and how fast one work unit of a batch ran (for the per-silo breakdown).</summary>
public sealed record UnitRun(string BatchId, int UnitIndex, string Silo, long Trials, double Seconds);
