namespace ScenarioGrid.Engine.Distributions;

/// <summary>
/// A parameter's uncertainty: a fixed value or a distribution drawn by its inverse CDF
/// (model-spec section 3). Every draw is <c>Quantile(u)</c> of one uniform u in (0, 1).
/// </summary>
public abstract class Distribution
{
    /// <summary>Inverse CDF at u in (0, 1).</summary>
    public abstract double Quantile(double u);

    /// <summary>Inverse CDF over a column of uniforms (a chunk of trials). Overridden where a loop pays.</summary>
    public virtual void Quantiles(ReadOnlySpan<double> u, Span<double> x)
    {
        for (int i = 0; i < u.Length; i++) x[i] = Quantile(u[i]);
    }

    /// <summary>The closed or open interval every draw lies in, used for the field bounds of section 2.</summary>
    public abstract Support Support { get; }

    /// <summary>True for a bare number: nothing is drawn.</summary>
    public virtual bool IsFixed => false;

    /// <summary>The form as written in a scenario file, e.g. <c>{pert: [120, 195, 300]}</c>.</summary>
    public abstract string Describe();

    /// <summary>The form's name as in the YAML ("fixed", "uniform", "triangular", ...).</summary>
    public abstract string Kind { get; }

    /// <summary>The numbers that define the form, in the order they are written.</summary>
    public abstract IReadOnlyList<double> Arguments { get; }

    public override string ToString() => Describe();
}

/// <summary>An interval with open or closed ends; infinite ends are open.</summary>
public readonly record struct Support(double Min, double Max, bool MinInclusive, bool MaxInclusive)
{
    public static Support Point(double x) => new(x, x, true, true);
    public static Support Closed(double min, double max) => new(min, max, true, true);
}
