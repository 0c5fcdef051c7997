namespace ScenarioGrid.Persistence;

/// <summary>The checkpointed chunks of one batch that ran on one silo, with their trials and run time.</summary>
public sealed record SiloRunSummary(string Silo, int Chunks, long Trials, double Seconds);
