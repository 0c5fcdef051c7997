namespace ScenarioGrid.Grains;

/// <summary>
/// How urgently a batch wants the cores: queued batches start in this order (then oldest first), and each silo grants
/// its simulation slots to waiting units by weighted fair shares of these classes (docs/scheduling.md).
/// Stored in <c>batches.priority</c> as the member name.
/// </summary>
[GenerateSerializer, Alias("sg.BatchPriority")]
[System.ComponentModel.Description("INTERACTIVE (a what-if someone waits for), NORMAL, OVERNIGHT (long runs that yield to the others).")]
public enum BatchPriority
{
    Interactive,
    Normal,
    Overnight,
}
