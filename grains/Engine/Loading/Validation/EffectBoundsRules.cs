using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// Rule 7 of model-spec-v2 §2.5, effects keep bounds: for every plant and every key the options in its scope touch,
/// for every subset of those options (each adopted or not, in file order), the interval image of the plant's base
/// support lies within the key's bounds; and the pairs (yield initial ≤ mature of the cell and of each step, a
/// material's floor ≤ price, capex floor ≤ capex) hold for every subset of the options touching either key.
/// Errors point at the plant's id in <c>plants</c> (§11.1), one per key or pair: the first violating subset, smallest first.
/// </summary>
internal static class EffectBoundsRules
{
    /// <summary>At most this many options may touch one key of one plant (2⁸ subsets).</summary>
    public const int MaxOptionsPerKey = 8;

    private const string Why = "(effects keep bounds for every subset of the options in scope, model-spec-v2 §2.5 rule 7)";

    /// <summary>Runs only on a file whose routes, plants and options are all valid (rule 6 included).</summary>
    public static bool Check(ValidationContext context, YMap root, IReadOnlyList<Route> routes, IReadOnlyList<Plant> plants,
        IReadOnlyList<ProcessOption> options)
    {
        if (options.Count == 0 || root.Get("plants") is not YMap plantMap) return true;
        bool ok = true;
        foreach (var plant in plants)
        {
            var inScope = options.Where(o => o.InScope(plant)).ToList();
            if (inScope.Count == 0) continue;
            var keys = new PlantEffectKeys(plant, routes.First(r => r.Id == plant.RouteId), inScope);
            ok &= CheckPlant(context, plantMap.Find(plant.Id)!.Key, plant, keys);
        }
        return ok;
    }

    private static bool CheckPlant(ValidationContext context, YScalar at, Plant plant, PlantEffectKeys keys)
    {
        bool ok = true;
        string path = "plants." + plant.Id;
        void Fail(string rule) { context.Error(at, path, plant.Id, rule); ok = false; }

        // A key already reported (too many options, out of bounds) is left out of the pairs: one error per cause.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys.Keys)
        {
            var touching = keys.OptionsTouching(key);
            if (touching.Count > MaxOptionsPerKey)
            {
                Fail($"{touching.Count} options touch {key} ({Names(keys, touching)}); at most {MaxOptionsPerKey} may touch one key of one plant {Why}");
                reported.Add(key);
                continue;
            }
            var bounds = EffectRules.TargetBounds(key)!.Value;
            foreach (var subset in Subsets(touching))
            {
                var image = keys.Image(key, subset);
                if (bounds.Contains(image)) continue;
                Fail($"{key} becomes {NumberText.Interval(image)} with {Names(keys, subset)}; it must be {bounds} {Why}");
                reported.Add(key);
                break;
            }
        }

        foreach (var (low, high) in Pairs(keys))
        {
            if (reported.Contains(low) || reported.Contains(high)) continue;
            var touching = keys.OptionsTouching(low, high);
            if (touching.Count == 0) continue;
            foreach (var subset in Subsets(touching))
            {
                Support a = keys.Image(low, subset), b = keys.Image(high, subset);
                if (a.Max <= b.Min) continue;
                Fail($"{low} becomes {NumberText.Interval(a)} and {high} becomes {NumberText.Interval(b)} with {Names(keys, subset)}; "
                    + $"{low} support maximum ({NumberText.Format(a.Max)}) must be <= {high} support minimum ({NumberText.Format(b.Min)}) {Why}");
                break;
            }
        }
        return ok;
    }

    /// <summary>The pair rules: cell and step yields, material floor and price, route and step capex floor and capex.</summary>
    private static IEnumerable<(string Low, string High)> Pairs(PlantEffectKeys keys)
    {
        yield return ("yield.initial", "yield.mature");
        yield return ("capexFloorUsdPerKWhYear", "capexUsdPerKWhYear");
        foreach (string m in keys.MassMaterials)
            yield return ($"materials.{m}.floorUsdPerKg", $"materials.{m}.usdPerKg");
        foreach (string k in keys.StepIds)
        {
            yield return ($"process.steps.{k}.yield.initial", $"process.steps.{k}.yield.mature");
            yield return ($"process.steps.{k}.capexFloorUsdPerKWhYear", $"process.steps.{k}.capexUsdPerKWhYear");
        }
    }

    /// <summary>Every non-empty subset of <paramref name="options"/>, smallest first, then in file order.</summary>
    private static IEnumerable<IReadOnlySet<int>> Subsets(List<int> options)
    {
        int n = options.Count;
        for (int size = 1; size <= n; size++)
        {
            var pick = Enumerable.Range(0, size).ToArray();
            while (true)
            {
                yield return pick.Select(i => options[i]).ToHashSet();
                int j = size - 1;
                while (j >= 0 && pick[j] == n - size + j) j--;
                if (j < 0) break;
                pick[j]++;
                for (int i = j + 1; i < size; i++) pick[i] = pick[i - 1] + 1;
            }
        }
    }

    private static string Names(PlantEffectKeys keys, IEnumerable<int> options)
    {
        var ids = options.Order().Select(o => keys.Options[o].Id).ToList();
        return (ids.Count == 1 ? "option " : "options ") + string.Join(" + ", ids);
    }
}
