namespace ScenarioGrid.Queries;

/// <summary>The checkpointed work units of one batch that ran on one silo, with their trials and run time.</summary>
public sealed record SiloUnits(string Silo, int Units, long Trials, double Seconds);
