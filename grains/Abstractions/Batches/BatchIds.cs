namespace ScenarioGrid.Grains;

public static class BatchIds
{
    /// <summary>A short, unique, URL-safe batch id: <c>b-</c> and 12 hex digits.</summary>
    public static string New() => "b-" + Guid.NewGuid().ToString("N")[..12];
}
