using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>Numeric fields: a fixed number or a distribution whose whole support lies within the field's bounds.</summary>
internal sealed partial class ValidationContext
{
    /// <summary>A defaulted field is a fixed parameter at its own path, as if written (a correlation naming it is told it is fixed).</summary>
    public Parameter Default(string path, double value)
    {
        var p = new Parameter(path, new FixedValue(value));
        _parameters[path] = p;
        return p;
    }

    /// <summary>Makes a value read by a section's own form (a readiness) a parameter correlations may name.</summary>
    public FieldValue Register(Parameter parameter, YNode node)
    {
        _attempted.Add(parameter.Path);
        _parameters[parameter.Path] = parameter;
        return new FieldValue(parameter, node);
    }

    public FieldValue? Number(YMap map, string key, string path, Bounds bounds, bool fixedOnly = false,
        bool wholeYear = false, double? defaultValue = null, bool register = true)
    {
        var node = map.Get(key);
        if (node is null)
        {
            if (defaultValue is { } d) return new FieldValue(Default(path, d), map);
            Missing(map, key, path);
            return null;
        }
        return ReadValue(node, path, bounds, fixedOnly, wholeYear, register);
    }

    /// <summary>
    /// Reads a number or a distribution. <paramref name="register"/> false keeps the value out of the parameters
    /// correlations may name (a correlation's own rho is no parameter).
    /// </summary>
    public FieldValue? ReadValue(YNode node, string path, Bounds bounds, bool fixedOnly = false, bool wholeYear = false,
        bool register = true)
    {
        if (register) _attempted.Add(path);
        if (IsInvalid(node)) return null;
        Distribution? distribution;
        switch (node)
        {
            case YScalar { Kind: ScalarKind.Number } s:
                if (!double.IsFinite(s.Number))
                {
                    Error(s, path, "must be a finite number");
                    return null;
                }
                if (wholeYear && s.Number != Math.Floor(s.Number))
                {
                    Error(s, path, "must be a whole year");
                    return null;
                }
                distribution = new FixedValue(s.Number);
                break;
            case YMap m when fixedOnly:
                Error(m, path, "must be a fixed number (a distribution is not allowed here)");
                return null;
            case YMap m:
                distribution = ReadDistribution(m, path);
                if (distribution is null) return null;
                break;
            default:
                Error(node, path, $"expected a number{(fixedOnly ? "" : " or a distribution")}, got {Describe(node)}");
                return null;
        }

        if (!bounds.Contains(distribution.Support))
        {
            Error(node, path, distribution.IsFixed
                ? $"must be {bounds}"
                : $"the whole support must be {bounds}, but this {distribution.Kind} has support {NumberText.Interval(distribution.Support)}"
                  + (distribution.Kind is "normal" or "percentiles" ? " (use a bounded form, a truncated normal or percentiles with lowerBound)" : ""));
            return null;
        }
        var parameter = new Parameter(path, distribution) { WrittenAt = new SourceLine(node.File, node.Line) };
        if (register) _parameters[path] = parameter;
        return new FieldValue(parameter, node);
    }

    /// <summary>
    /// The support maximum of <paramref name="low"/> must not exceed the support minimum of <paramref name="high"/>.
    /// The error goes to <paramref name="low"/>'s value, or to <paramref name="high"/>'s when only that one is an
    /// override (<paramref name="plant"/> names the plant whose effective values are checked).
    /// </summary>
    public bool CheckNotAbove(FieldValue low, FieldValue high, string lowName, string highName,
        (string Plant, bool LowIsOverride)? plant)
    {
        double max = low.Parameter.Distribution.Support.Max, min = high.Parameter.Distribution.Support.Min;
        if (max <= min) return true;
        var at = plant is { LowIsOverride: false } ? high : low;
        string rule = $"{lowName} support maximum ({NumberText.Format(max)}) must be <= {highName} support minimum ({NumberText.Format(min)})";
        if (plant is { } p) rule += $" for plant '{p.Plant}' (effective values after its overrides)";
        Error(at.Node, at.Parameter.Path, rule);
        return false;
    }
}
