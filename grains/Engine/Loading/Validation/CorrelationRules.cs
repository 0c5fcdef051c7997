using System.Globalization;
using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// Correlations between uncertain parameters, named by path. Read after every other parameter, so that any
/// parameter of the scenario may be named; each connected group must form a positive-definite matrix.
/// </summary>
internal static class CorrelationRules
{
    /// <summary>A guard on the cost of the positive-definiteness check (and of the copula per trial).</summary>
    public const int MaxCorrelated = 1000;

    public static List<Correlation> Read(ValidationContext context, YMap root)
    {
        var result = new List<Correlation>();
        var node = root.Get("correlations");
        if (node is null || ValidationContext.IsInvalid(node)) return result;
        if (node is not YSeq seq)
        {
            context.Error(node, "correlations",
                $"correlations must be a list of {{between: [path, path], rho: r}}, got {ValidationContext.Describe(node)}");
            return result;
        }
        var seen = new Dictionary<(string, string), string>();
        for (int i = 0; i < seq.Items.Count; i++)
        {
            string cpath = "correlations." + i.ToString(CultureInfo.InvariantCulture);
            if (context.AsMap(seq.Items[i], cpath) is not { } entry) continue;
            context.CheckKeys(entry, cpath, ["between", "rho"]);
            var rho = context.Number(entry, "rho", cpath + ".rho", new Bounds(-1, true, 1, true), fixedOnly: true, register: false);

            var between = entry.Get("between");
            if (between is null) { context.Missing(entry, "between", cpath + ".between"); continue; }
            if (ValidationContext.IsInvalid(between)) continue;
            if (between is not YSeq pair || pair.Items.Count != 2)
            {
                context.Error(between, cpath + ".between", "between must be a list of exactly two parameter paths");
                continue;
            }
            var paths = new string?[2];
            for (int j = 0; j < 2; j++)
            {
                string ppath = cpath + ".between." + j.ToString(CultureInfo.InvariantCulture);
                string? p = context.Text(pair.Items[j], ppath);
                if (p is null) continue;
                if (context.FindParameter(p) is not { } parameter)
                {
                    if (!context.WasAttempted(p)) context.Error(pair.Items[j], ppath, $"unknown parameter path '{p}'");
                    continue;
                }
                if (parameter.IsFixed)
                {
                    context.Error(pair.Items[j], ppath, $"correlated parameters must be uncertain, but '{p}' is fixed");
                    continue;
                }
                paths[j] = p;
            }
            if (paths[0] is null || paths[1] is null) continue;
            if (paths[0] == paths[1])
            {
                context.Error(pair.Items[1], cpath + ".between.1", "a correlation pair must name two different parameters");
                continue;
            }
            var k = string.CompareOrdinal(paths[0], paths[1]) < 0 ? (paths[0]!, paths[1]!) : (paths[1]!, paths[0]!);
            if (seen.TryGetValue(k, out var firstAt))
            {
                context.Error(between, cpath + ".between", $"the pair ({k.Item1}, {k.Item2}) is already correlated at {firstAt}");
                continue;
            }
            seen[k] = cpath;
            if (rho is null) continue;
            result.Add(new Correlation(PathA: paths[0]!, PathB: paths[1]!, Rho: rho.Fixed));
        }
        CheckPositiveDefinite(context, node, result);
        return result;
    }

    /// <summary>Each connected group of correlated parameters must have a positive-definite correlation matrix.</summary>
    private static void CheckPositiveDefinite(ValidationContext context, YNode node, List<Correlation> pairs)
    {
        if (pairs.Count == 0) return;
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        foreach (var c in pairs)
        {
            parent.TryAdd(c.PathA, c.PathA);
            parent.TryAdd(c.PathB, c.PathB);
            string a = Find(c.PathA), b = Find(c.PathB);
            if (a != b) parent[a] = b;
        }
        if (parent.Count > MaxCorrelated)
        {
            context.Error(node, "correlations", $"at most {MaxCorrelated} parameters may be correlated (here {parent.Count})");
            return;
        }
        var groups = parent.Keys.GroupBy(Find).Select(g => g.Order(StringComparer.Ordinal).ToArray())
            .OrderBy(g => g[0], StringComparer.Ordinal).ToArray();
        var position = new Dictionary<string, (int Group, int Index)>(StringComparer.Ordinal);
        for (int g = 0; g < groups.Length; g++)
            for (int i = 0; i < groups[g].Length; i++) position[groups[g][i]] = (g, i);
        var matrices = groups.Select(g =>
        {
            var m = new double[g.Length, g.Length];
            for (int i = 0; i < g.Length; i++) m[i, i] = 1;
            return m;
        }).ToArray();
        foreach (var c in pairs)
        {
            var (g, i) = position[c.PathA];
            int j = position[c.PathB].Index;
            matrices[g][i, j] = matrices[g][j, i] = c.Rho;
        }
        for (int g = 0; g < groups.Length; g++)
        {
            var (group, corr) = (groups[g], matrices[g]);
            if (!GaussianCopula.TryCholesky(corr, out _))
                context.Error(node, "correlations", string.Join(", ", group),
                    $"the correlation matrix of {string.Join(", ", group)} is not positive definite");
        }
    }
}
