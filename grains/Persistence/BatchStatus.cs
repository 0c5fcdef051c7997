namespace ScenarioGrid.Persistence;

/// <summary>
/// A batch's life cycle, stored as the member name (TEXT). Queued → Running | Cancelled | Failed;
/// Running → Completed | Failed | Cancelled; Completed, Failed and Cancelled are final.
/// </summary>
public enum BatchStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
