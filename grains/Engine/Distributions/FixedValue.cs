using System.Globalization;

namespace ScenarioGrid.Engine.Distributions;

/// <summary>A bare number: the parameter is certain.</summary>
public sealed class FixedValue(double value) : Distribution
{
    public double Value { get; } = value;
    public override double Quantile(double u) => Value;
    public override void Quantiles(ReadOnlySpan<double> u, Span<double> x) => x[..u.Length].Fill(Value);
    public override Support Support => Support.Point(Value);
    public override bool IsFixed => true;
    public override string Kind => "fixed";
    public override IReadOnlyList<double> Arguments => [Value];
    public override string Describe() => Format.Number(Value);
}

internal static class Format
{
    public static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);
    public static string List(params double[] xs) => "[" + string.Join(", ", xs.Select(Number)) + "]";
}
