using ScenarioGrid.Engine.Distributions;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// Interval images of supports under an option's effects (model-spec-v2 §2.5 rule 7): <c>add</c> sums the intervals,
/// <c>multiply</c> takes their product. An end of the image is closed only when the ends it comes from are closed.
/// </summary>
internal static class SupportMath
{
    public static Support Add(Support x, Support y) => new(
        x.Min + y.Min, x.Max + y.Max, x.MinInclusive && y.MinInclusive, x.MaxInclusive && y.MaxInclusive);

    /// <summary>
    /// The product interval: its ends are among the four corner products. 0·∞ counts as 0 (the other corners carry the
    /// unbounded direction). An end of 0 is also reached, whatever the other factor, when a factor reaches 0 itself.
    /// </summary>
    public static Support Multiply(Support x, Support y)
    {
        Span<(double Value, bool Closed)> corners =
        [
            (Product(x.Min, y.Min), x.MinInclusive && y.MinInclusive),
            (Product(x.Min, y.Max), x.MinInclusive && y.MaxInclusive),
            (Product(x.Max, y.Min), x.MaxInclusive && y.MinInclusive),
            (Product(x.Max, y.Max), x.MaxInclusive && y.MaxInclusive),
        ];
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var c in corners) { lo = Math.Min(lo, c.Value); hi = Math.Max(hi, c.Value); }
        bool zero = ReachesZero(x) || ReachesZero(y);
        bool loClosed = zero && lo == 0, hiClosed = zero && hi == 0;
        foreach (var c in corners)
        {
            if (c.Value == lo && c.Closed) loClosed = true;
            if (c.Value == hi && c.Closed) hiClosed = true;
        }
        return new Support(lo, hi, loClosed && double.IsFinite(lo), hiClosed && double.IsFinite(hi));
    }

    private static bool ReachesZero(Support s) =>
        (s.Min < 0 && s.Max > 0) || (s.Min == 0 && s.MinInclusive) || (s.Max == 0 && s.MaxInclusive);

    private static double Product(double a, double b) => a == 0 || b == 0 ? 0 : a * b;
}
