namespace ScenarioGrid.Grains.Batches;

/// <summary>How batches run; bound from configuration section "Batches".</summary>
public sealed class BatchOptions
{
    /// <summary>Longest time between two checkpoints (the issue asks for at most 30 s).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Simulation slots per silo; 0 means one per core of the machine.</summary>
    public int SlotsPerSilo { get; set; }

    /// <summary>How often one unit may fail (a silo dying under it) before the batch fails.</summary>
    public int MaxUnitAttempts { get; set; } = 5;
}
