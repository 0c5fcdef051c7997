namespace ScenarioGrid.Grains;

/// <summary>Which statistic a convergence target watches.</summary>
[GenerateSerializer, Alias("sg.ConvergenceStatistic")]
public enum ConvergenceStatistic
{
    /// <summary>The median of an entity's metric in a year; its target is relative to the estimate.</summary>
    P50,
    /// <summary>P(a &lt; b) of a comparison the scenario lists, in a year; its target is absolute.</summary>
    ProbabilityALessThanB,
}

/// <summary>
/// One statistic and the 95 % confidence half-width it must reach: a fraction of the estimate for a P50 (0.005 = ±0.5 %),
/// an absolute probability for P(a &lt; b) (0.01 = ±1 point). <see cref="B"/> is the comparison's second side (null for a P50).
/// </summary>
[GenerateSerializer, Immutable, Alias("sg.ConvergenceTarget")]
public sealed record ConvergenceTarget(ConvergenceStatistic Statistic, string Entity, string? B, string Metric, int Year, double HalfWidth);

/// <summary>
/// Stop a batch at a unit boundary once every target's batch-means half-width is within its bound, after at least
/// <see cref="MinUnits"/> units (docs/convergence.md). The trials run are then a prefix of the requested ones.
/// </summary>
[GenerateSerializer, Immutable, Alias("sg.Until")]
public sealed record Until(IReadOnlyList<ConvergenceTarget> Targets, int MinUnits = Until.DefaultMinUnits)
{
    /// <summary>
    /// At least 16 units: the spread of fewer is a poor estimate (t(0.975, 15) = 2.13 is already 9 % above the normal
    /// quantile), and a rerun of 16 × unit trials gets the same default unit size (<see cref="BatchRequest.DefaultUnitFor"/>).
    /// </summary>
    public const int DefaultMinUnits = 16;
    public const int MaxTargets = 64;

    /// <summary>Why this rule cannot be used, or null; the names of entities, metrics and years are checked against the scenario by the grain.</summary>
    public string? Check()
    {
        if (Targets.Count == 0) return "until needs at least one target";
        if (Targets.Count > MaxTargets) return $"until takes at most {MaxTargets} targets, not {Targets.Count}";
        if (MinUnits < 2) return $"until.minUnits must be at least 2 (a spread needs two units), not {MinUnits}";
        for (int i = 0; i < Targets.Count; i++)
        {
            var t = Targets[i];
            string where = $"until target {i + 1} ({t.Statistic} of {t.Entity}{(t.B is null ? "" : " vs " + t.B)} {t.Metric} {t.Year})";
            if (!(t.HalfWidth > 0) || double.IsInfinity(t.HalfWidth)) return $"{where}: the half-width must be a positive number, not {t.HalfWidth}";
            if (t.Statistic == ConvergenceStatistic.ProbabilityALessThanB && t.HalfWidth >= 1)
                return $"{where}: a probability's half-width is absolute and must be below 1, not {t.HalfWidth}";
            if (t.Statistic == ConvergenceStatistic.ProbabilityALessThanB && string.IsNullOrEmpty(t.B)) return $"{where}: a comparison needs b";
            if (t.Statistic == ConvergenceStatistic.P50 && t.B is not null) return $"{where}: a P50 target names one entity, not b";
        }
        return null;
    }
}
