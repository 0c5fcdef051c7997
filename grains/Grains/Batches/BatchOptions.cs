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

    /// <summary>
    /// Batches running at once in the cluster (paused ones do not count); more wait Queued, and start by priority, then
    /// oldest first, as places free up (docs/scheduling.md). A batch resumed after a crash always continues.
    /// </summary>
    [Range(1, 1000)]
    public int MaxRunningBatches { get; set; } = 4;

    /// <summary>
    /// Running places beyond <see cref="MaxRunningBatches"/> that only interactive batches may take: with every place held
    /// by overnight batches of hours, an interactive one still starts at once (the silos' slots then give it 16 of every
    /// 17 cores freed). 0 makes the limit the same for every class.
    /// </summary>
    [Range(0, 1000)]
    public int InteractiveReserve { get; set; } = 1;

    /// <summary>
    /// Longest time a unit waits on its silo for a simulation slot before it goes back to its batch to be sent again
    /// (without counting as a failure): keeps every unit call well inside Orleans' 30 s response timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:00:20")]
    public TimeSpan SlotWait { get; set; } = TimeSpan.FromSeconds(4);
}
