using System.Globalization;
using ScenarioGrid.Engine.Distributions;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>Numbers and intervals as error messages print them (round-trip digits, whatever the culture).</summary>
internal static class NumberText
{
    public static string Format(double x) => double.IsPositiveInfinity(x) ? "inf"
        : double.IsNegativeInfinity(x) ? "-inf" : x.ToString("R", CultureInfo.InvariantCulture);

    public static string Interval(Support s) =>
        (s.MinInclusive ? "[" : "(") + Format(s.Min) + ", " + Format(s.Max) + (s.MaxInclusive ? "]" : ")");
}
