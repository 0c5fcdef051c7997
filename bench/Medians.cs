namespace ScenarioGrid.Bench;

/// <summary>The median every bench mode reports of its repeated measurements.</summary>
internal static class Medians
{
    /// <summary>The middle value, or the mean of the two middle ones of an even count; NaN when there is none.</summary>
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
