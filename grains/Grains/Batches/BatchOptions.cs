using System.ComponentModel.DataAnnotations;

namespace ScenarioGrid.Grains.Batches;

/// <summary>How batches run; configuration section "Batches", validated when the silo starts.</summary>
public sealed class BatchOptions
{
    public const string Section = "Batches";

    /// <summary>Longest time between two checkpoints: a crash loses at most this much work.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:30:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Simulation slots per silo; 0 means one per core of the machine.</summary>
    [Range(0, 1024)]
    public int SlotsPerSilo { get; set; }

    /// <summary>How often one unit may fail (a silo dying under it) before the batch fails.</summary>
    [Range(1, 100)]
    public int MaxUnitAttempts { get; set; } = 5;

    /// <summary>How often each silo's supervisor asks every unfinished batch to resume (after a crash or a silo's death).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00")]
    public TimeSpan SupervisorInterval { get; set; } = TimeSpan.FromSeconds(3);
}
