using System.Globalization;
using ScenarioGrid.Grains;

namespace ScenarioGrid.Cli.Commands;

/// <summary>
/// The options of run and submit that place a batch in the queue and stop it early: <c>--priority</c>,
/// <c>--until-p50 REL</c> (the median cost per kWh of every route in the horizon's last year, within ±REL of itself),
/// <c>--until-probability ABS</c> (P(a &lt; b) of every comparison the file lists, in that year, within ±ABS) and
/// <c>--until-min-units N</c> (docs/convergence.md).
/// </summary>
public static class QueueOptions
{
    public static BatchPriority Priority(Arguments a)
    {
        string? text = a.String("priority");
        if (text is null) return BatchPriority.Normal;
        return Enum.TryParse<BatchPriority>(text, ignoreCase: true, out var p) && Enum.IsDefined(p) && !char.IsDigit(text[0])
            ? p
            : throw new UsageException($"--priority must be interactive, normal or overnight, not '{text}'");
    }

    /// <summary>The --until-* options as given (read before RejectUnknown; the rule needs the scenario, loaded after).</summary>
    public sealed record StopOptions(double? P50, double? Probability, int MinUnits)
    {
        public bool Any => P50 is not null || Probability is not null;

        /// <summary>The stop rule on <paramref name="scenario"/>, or null when none is asked for.</summary>
        public Until? For(Engine.Model.Scenario scenario) => Any ? Build(this, scenario) : null;
    }

    public static StopOptions Stop(Arguments a)
    {
        var options = new StopOptions(Fraction(a, "until-p50", below1: false), Fraction(a, "until-probability", below1: true),
            (int)a.Long("until-min-units", Grains.Until.DefaultMinUnits, 2, int.MaxValue));
        if (!options.Any && a.String("until-min-units") is not null)
            throw new UsageException("--until-min-units needs --until-p50 or --until-probability");
        return options;
    }

    private static Until Build(StopOptions options, Engine.Model.Scenario scenario)
    {
        var (p50, probability, minUnits) = (options.P50, options.Probability, options.MinUnits);
        int year = scenario.Horizon.End;
        var targets = new List<ConvergenceTarget>();
        if (p50 is { } rel)
            targets.AddRange(scenario.Routes.Select(r =>
                new ConvergenceTarget(ConvergenceStatistic.P50, "route:" + r.Id, null, "costUsdPerKWh", year, rel)));
        if (probability is { } abs)
        {
            var listed = scenario.Comparisons.Where(c => c.Step is null).ToList();
            if (listed.Count == 0) throw new UsageException($"--until-probability needs comparisons, and {scenario.Id} lists none");
            targets.AddRange(listed.Select(c =>
                new ConvergenceTarget(ConvergenceStatistic.ProbabilityALessThanB, c.A, c.B, c.Metric, year, abs)));
        }
        return new Until(targets, minUnits);
    }

    private static double? Fraction(Arguments a, string name, bool below1)
    {
        string? text = a.String(name);
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0) || double.IsInfinity(v)
            || (below1 && v >= 1))
            throw new UsageException($"--{name} must be a number {(below1 ? "between 0 and 1" : "above 0")} (the 95 % half-width), not '{text}'");
        return v;
    }

    /// <summary>The rule as submitBatch's <c>until</c> argument.</summary>
    public static object? ToGraphQL(Until? until) => until is null ? null : new
    {
        p50 = until.Targets.Where(t => t.Statistic == ConvergenceStatistic.P50)
            .Select(t => new { entity = t.Entity, metric = t.Metric, year = t.Year, relativeHalfWidth = t.HalfWidth }).ToList(),
        probabilityALessThanB = until.Targets.Where(t => t.Statistic == ConvergenceStatistic.ProbabilityALessThanB)
            .Select(t => new { a = t.Entity, b = t.B, metric = t.Metric, year = t.Year, absoluteHalfWidth = t.HalfWidth }).ToList(),
        minUnits = until.MinUnits,
    };
}
