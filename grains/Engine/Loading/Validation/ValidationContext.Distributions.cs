using ScenarioGrid.Engine.Distributions;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>A distribution written for a numeric field: exactly one form, its arguments and the extras it allows.</summary>
internal sealed partial class ValidationContext
{
    private static readonly string[] Forms = ["uniform", "triangular", "pert", "normal", "lognormal", "discrete", "percentiles"];

    private Distribution? ReadDistribution(YMap map, string path)
    {
        var forms = map.Entries.Where(e => Forms.Contains(e.Key.Text)).ToList();
        if (forms.Count == 0 && IsV2 && map.Find("readyBy") is { } readyBy)
        {
            Error(readyBy.Key, path, "readyBy", "readyBy is allowed for readyYear only (model-spec-v2 §3.1)");
            return null;
        }
        if (forms.Count == 0)
        {
            Error(map, path, "expected a number or exactly one distribution form: {uniform: [a, b]}, {triangular: [a, m, b]}, "
                + "{pert: [a, m, b]}, {normal: [mu, sigma], min: x, max: y}, {lognormal: [median, sigmaLog]}, "
                + "{discrete: {value: probability, …}}, {percentiles: [p10, p50, p90], lowerBound: L}");
            return null;
        }
        if (forms.Count > 1)
        {
            Error(forms[1].Key, path, forms[1].Key.Text,
                $"exactly one distribution form is allowed, found {string.Join(" and ", forms.Select(f => f.Key.Text))}");
            return null;
        }
        string form = forms[0].Key.Text;
        string[] extras = form switch { "normal" => ["min", "max"], "percentiles" => ["lowerBound"], _ => [] };
        bool ok = true;
        foreach (var e in map.Entries)
        {
            if (e == forms[0] || extras.Contains(e.Key.Text)) continue;
            Error(e.Key, path, e.Key.Text, $"unknown key '{e.Key.Text}' in a {form} distribution"
                + (extras.Length > 0 ? $" (allowed: {form}, {string.Join(", ", extras)})" : $" (only {form} is allowed)"));
            ok = false;
        }
        double? Extra(string key)
        {
            var node = map.Get(key);
            if (node is null) return null;
            if (node is YScalar { Kind: ScalarKind.Number } s && double.IsFinite(s.Number)) return s.Number;
            if (!IsInvalid(node)) Error(node, path, $"{form} {key} must be a finite number, got {Describe(node)}");
            ok = false;
            return null;
        }

        var args = forms[0].Value;
        double[]? a = form switch
        {
            "uniform" => Arguments(args, path, form, "[a, b]", 2),
            "triangular" or "pert" => Arguments(args, path, form, "[a, m, b]", 3),
            "normal" => Arguments(args, path, form, "[mu, sigma]", 2),
            "lognormal" => Arguments(args, path, form, "[median, sigmaLog]", 2),
            "percentiles" => Arguments(args, path, form, "[p10, p50, p90]", 3),
            _ => [],
        };
        List<(double, double)>? outcomes = form == "discrete" ? Outcomes(args, path) : null;
        double? min = form == "normal" ? Extra("min") : null;
        double? max = form == "normal" ? Extra("max") : null;
        double? lowerBound = form == "percentiles" ? Extra("lowerBound") : null;
        if (!ok || a is null || (form == "discrete" && outcomes is null)) return null;

        try
        {
            return form switch
            {
                "uniform" => new UniformDistribution(a[0], a[1]),
                "triangular" => new TriangularDistribution(a[0], a[1], a[2]),
                "pert" => new PertDistribution(a[0], a[1], a[2]),
                "normal" => new NormalDistribution(a[0], a[1], min, max),
                "lognormal" => new LognormalDistribution(a[0], a[1]),
                "percentiles" => new PercentilesDistribution(a[0], a[1], a[2], lowerBound),
                _ => new DiscreteDistribution(outcomes!),
            };
        }
        catch (ArgumentException ex)
        {
            Error(map, path, ex.Message);
            return null;
        }
    }

    private double[]? Arguments(YNode node, string path, string form, string shape, int count)
    {
        if (IsInvalid(node)) return null;
        if (node is not YSeq seq || seq.Items.Count != count)
        {
            Error(node, path, $"{form} needs a list of exactly {count} numbers {shape}, got {Describe(node)}");
            return null;
        }
        var values = new double[count];
        bool ok = true;
        for (int i = 0; i < count; i++)
        {
            var item = seq.Items[i];
            if (item is YScalar { Kind: ScalarKind.Number } s && double.IsFinite(s.Number)) values[i] = s.Number;
            else
            {
                if (!IsInvalid(item)) Error(item, path, $"{form} arguments must be finite numbers, got {Describe(item)}");
                ok = false;
            }
        }
        return ok ? values : null;
    }

    private List<(double, double)>? Outcomes(YNode node, string path)
    {
        if (IsInvalid(node)) return null;
        if (node is not YMap map || map.Entries.Count == 0)
        {
            Error(node, path, $"discrete needs a non-empty map {{value: probability, …}}, got {Describe(node)}");
            return null;
        }
        var outcomes = new List<(double, double)>();
        bool ok = true;
        foreach (var e in map.Entries)
        {
            if (e.Key is not { Kind: ScalarKind.Number } k || !double.IsFinite(k.Number))
            {
                Error(e.Key, path, e.Key.Text, $"discrete values (the keys) must be finite numbers, got {Describe(e.Key)}");
                ok = false;
                continue;
            }
            if (e.Value is not YScalar { Kind: ScalarKind.Number } p || !double.IsFinite(p.Number))
            {
                if (!IsInvalid(e.Value)) Error(e.Value, path, $"discrete probabilities must be finite numbers, got {Describe(e.Value)}");
                ok = false;
                continue;
            }
            outcomes.Add((k.Number, p.Number));
        }
        return ok ? outcomes : null;
    }
}
