using ScenarioGrid.Engine.Distributions;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>A field's allowed interval; an infinite end means no bound on that side.</summary>
internal readonly record struct Bounds(double Lo, bool LoOpen, double Hi, bool HiOpen)
{
    public static readonly Bounds NonNegative = AtLeast(0);
    public static readonly Bounds Positive = Above(0);
    public static readonly Bounds Fraction01Open = new(0, false, 1, true);      // ≥ 0 and < 1
    public static readonly Bounds Fraction01 = new(0, false, 1, false);         // 0..1
    public static readonly Bounds YieldFraction = new(0, true, 1, false);       // > 0 and ≤ 1
    public static readonly Bounds Year = new(1990, false, 2100, false);

    public static Bounds AtLeast(double lo) => new(lo, false, double.PositiveInfinity, true);
    public static Bounds Above(double lo) => new(lo, true, double.PositiveInfinity, true);

    /// <summary>
    /// The whole support lies within: "≥ lo" passes when Min ≥ lo; "&gt; lo" when Min &gt; lo or (Min = lo and
    /// the support is open there); the same for the upper end.
    /// </summary>
    public bool Contains(Support s)
    {
        bool lo = double.IsNegativeInfinity(Lo) || s.Min > Lo || (s.Min == Lo && (!LoOpen || !s.MinInclusive));
        bool hi = double.IsPositiveInfinity(Hi) || s.Max < Hi || (s.Max == Hi && (!HiOpen || !s.MaxInclusive));
        return lo && hi;
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (!double.IsNegativeInfinity(Lo)) parts.Add((LoOpen ? "> " : ">= ") + NumberText.Format(Lo));
        if (!double.IsPositiveInfinity(Hi)) parts.Add((HiOpen ? "< " : "<= ") + NumberText.Format(Hi));
        return string.Join(" and ", parts);
    }
}
