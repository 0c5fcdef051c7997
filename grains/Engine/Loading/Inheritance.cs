using System.Globalization;

namespace ScenarioGrid.Engine.Loading;

/// <summary>One scenario file: the name errors cite, its text, and the bytes that go into the SHA-256.</summary>
internal sealed record ScenarioSource(string FileName, string Text, byte[] Bytes);

/// <summary>What looking up a parent id gave: its source, or why there is none (null error: simply unknown).</summary>
internal readonly record struct ParentLookup(ScenarioSource? Source, string? Error);

/// <summary>
/// Resolves an <c>extends</c> chain into one merged tree (spec section 2, "Inheritance"): regions, routes and
/// plants merge by id (a replaced entry keeps the parent's position, new entries are appended), every other
/// top-level key replaces the parent's value as a whole, then the file's <c>set</c> entries apply in order.
/// </summary>
internal sealed class Inheritance(Func<string, ParentLookup> resolveParent, List<ValidationError> errors)
{
    public const int MaxChain = 32;

    private static readonly HashSet<string> MergedById = ["regions", "routes", "plants"];
    private static readonly HashSet<string> Settable =
        ["name", "description", "horizon", "targets", "benchmark", "globals", "correlations", "comparisons",
         "regions", "routes", "plants"];

    // Model v2 blocks a set may write; not listed in v1's message, which v1 files keep word for word.
    private static readonly HashSet<string> SettableV2 = ["options", "strategies", "strategyComparisons"];

    /// <summary>The files of the chain in extends order (the file first, then parent, grandparent, …).</summary>
    public List<ScenarioSource> Chain { get; } = [];

    /// <summary>The merged tree, or null when the chain could not be resolved (the reasons are in the error list).</summary>
    public YMap? Build(ScenarioSource source) => Build(source, []);

    private YMap? Build(ScenarioSource source, List<string> descendants)
    {
        Chain.Add(source);
        var root = YamlTreeReader.Read(source.Text, source.FileName, errors);
        if (root is null) return null;
        if (root is not YMap map)
        {
            errors.Add(new ValidationError(source.FileName, root.Line, root.Column, "", root.Render(),
                "a scenario file must be a map of keys (id, horizon, regions, …)"));
            return null;
        }

        YMap merged;
        var extends = map.Find("extends");
        if (extends is not null)
        {
            if (extends.Value is not YScalar { Kind: ScalarKind.String or ScalarKind.Number } parentScalar
                || !Ids.IsScenarioId(parentScalar.Text))
            {
                if (!IsInvalid(extends.Value))
                    Error(extends.Value, "extends", "extends must name a scenario id matching [a-z0-9][a-z0-9-]*");
                return null;
            }
            string parentId = parentScalar.Text;
            string ownId = map.Get("id") is YScalar { Kind: ScalarKind.String or ScalarKind.Number } idScalar
                ? idScalar.Text : source.FileName;
            var ids = new List<string>(descendants) { ownId };
            if (ids.Contains(parentId))
            {
                Error(parentScalar, "extends", $"extends cycle: {string.Join(" -> ", ids)} -> {parentId}");
                return null;
            }
            if (ids.Count >= MaxChain)
            {
                Error(parentScalar, "extends", $"the extends chain is longer than {MaxChain} scenarios");
                return null;
            }
            var lookup = resolveParent(parentId);
            if (lookup.Source is null)
            {
                Error(parentScalar, "extends", lookup.Error ?? $"unknown parent scenario '{parentId}'");
                return null;
            }
            var parent = Build(lookup.Source, ids);
            if (parent is null) return null;
            merged = Merge(parent, map);
        }
        else
        {
            merged = Merge(null, map);
        }

        ApplySet(map.Find("set"), merged);
        return merged;
    }

    private static YMap Merge(YMap? parent, YMap child)
    {
        var result = new YMap(child.File, child.Line, child.Column);
        if (parent is not null)
        {
            foreach (var e in parent.Entries)
            {
                if (e.Key.Text is "id" or "extends" or "set") continue;
                var c = child.Find(e.Key.Text);
                if (c is null) result.Add(e);
                else if (MergedById.Contains(e.Key.Text) && e.Value is YMap pm && c.Value is YMap cm)
                    result.Add(new YEntry(c.Key, MergeById(pm, cm)));
                else result.Add(new YEntry(c.Key, c.Value));
            }
        }
        foreach (var c in child.Entries)
        {
            if (c.Key.Text is "extends" or "set" || result.Has(c.Key.Text)) continue;
            result.Add(new YEntry(c.Key, c.Value));
        }
        return result;
    }

    private static YMap MergeById(YMap parent, YMap child)
    {
        var result = new YMap(child.File, child.Line, child.Column);
        foreach (var e in parent.Entries)
        {
            var c = child.Find(e.Key.Text);
            result.Add(c is null ? e : new YEntry(c.Key, c.Value));
        }
        foreach (var c in child.Entries)
            if (!parent.Has(c.Key.Text)) result.Add(new YEntry(c.Key, c.Value));
        return result;
    }

    private void ApplySet(YEntry? set, YMap root)
    {
        if (set is null || IsInvalid(set.Value)) return;
        if (set.Value is not YMap entries)
        {
            Error(set.Value, "set", "set must be a map of parameter paths to values");
            return;
        }
        foreach (var e in entries.Entries) ApplyOne(e.Key, e.Value, root);
    }

    /// <summary>A strategy's set (model-spec-v2 §2.3): its entries in order, on a copy of the resolved file.</summary>
    public void ApplyEntries(YMap entries, YMap root)
    {
        foreach (var e in entries.Entries) ApplyOne(e.Key, e.Value, root);
    }

    private void ApplyOne(YScalar key, YNode value, YMap root)
    {
        string path = key.Text;
        var segments = path.Split('.');
        if (segments.Any(s => s.Length == 0))
        {
            Error(key, path, path, "a set path is a dotted path of non-empty keys");
            return;
        }
        if (!Settable.Contains(segments[0]) && !SettableV2.Contains(segments[0]))
        {
            Error(key, path, path, segments[0] is "id" or "extends" or "set"
                ? $"'{segments[0]}' cannot be changed by set"
                : $"set path must start with one of: {string.Join(", ", Settable)}");
            return;
        }

        if (segments.Length >= 4 && segments[0] == "plants" && segments[2] == "overrides")
        {
            SetOverride(key, value, root, segments);
            return;
        }

        YNode current = root;
        for (int i = 0; i < segments.Length - 1; i++)
        {
            var next = Child(current, segments[i]);
            if (next is null)
            {
                Error(key, path, path, NotFound(segments, i));
                return;
            }
            current = next;
        }

        string last = segments[^1];
        switch (current)
        {
            case YMap m:
                m.Set(YScalar.Plain(key.File, key.Line, key.Column, last), value);
                break;
            case YSeq s when TryIndex(last, out int index) && index <= s.Items.Count:
                if (index == s.Items.Count) s.Items.Add(value);
                else s.Items[index] = value;
                break;
            case YSeq s:
                Error(key, path, path,
                    $"'{last}' is not an index of '{string.Join('.', segments[..^1])}' (0..{s.Items.Count}; {s.Items.Count} appends)");
                break;
            default:
                Error(key, path, path, $"'{string.Join('.', segments[..^1])}' is a single value; set cannot write inside it");
                break;
        }
    }

    /// <summary><c>plants.&lt;id&gt;.overrides.&lt;route-relative path&gt;</c>: creates the overrides map when missing.</summary>
    private void SetOverride(YScalar key, YNode value, YMap root, string[] segments)
    {
        string path = key.Text;
        if (root.Get("plants") is not YMap plants)
        {
            Error(key, path, path, NotFound(segments, 0));
            return;
        }
        if (plants.Get(segments[1]) is not YMap plant)
        {
            Error(key, path, path, plants.Has(segments[1])
                ? $"'plants.{segments[1]}' is not a map"
                : NotFound(segments, 1));
            return;
        }
        YMap overrides;
        switch (plant.Get("overrides"))
        {
            case null:
                overrides = new YMap(key.File, key.Line, key.Column);
                plant.Set(YScalar.Plain(key.File, key.Line, key.Column, "overrides"), overrides);
                break;
            case YMap m:
                overrides = m;
                break;
            default:
                Error(key, path, path, $"'plants.{segments[1]}.overrides' is not a map");
                return;
        }
        var relative = segments[3..];
        if (!TryReplaceOverride(overrides, relative, value))
            overrides.Add(new YEntry(YScalar.Plain(key.File, key.Line, key.Column, string.Join('.', relative)), value));
    }

    /// <summary>Finds an existing override written flat (<c>yield.initial</c>) or nested (<c>yield: {initial}</c>).</summary>
    private static bool TryReplaceOverride(YMap map, string[] segments, YNode value)
    {
        for (int i = 1; i <= segments.Length; i++)
        {
            var e = map.Find(string.Join('.', segments[..i]));
            if (e is null) continue;
            if (i == segments.Length)
            {
                e.Value = value;
                return true;
            }
            if (e.Value is YMap sub && TryReplaceOverride(sub, segments[i..], value)) return true;
        }
        return false;
    }

    private static YNode? Child(YNode node, string segment) => node switch
    {
        YMap m => m.Get(segment),
        YSeq s when TryIndex(segment, out int i) && i < s.Items.Count => s.Items[i],
        _ => null,
    };

    private static bool TryIndex(string segment, out int index)
    {
        index = -1;
        return segment.Length is > 0 and < 7 && segment.All(char.IsAsciiDigit)
            && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    private static string NotFound(string[] segments, int i) =>
        $"set path must exist after the merge (only its last key may be new): '{string.Join('.', segments[..(i + 1)])}' does not exist";

    private static bool IsInvalid(YNode node) => node is YScalar { Kind: ScalarKind.Invalid };

    private void Error(YNode node, string path, string rule) => Error(node, path, node.Render(), rule);

    private void Error(YNode node, string path, string? value, string rule) =>
        errors.Add(new ValidationError(node.File, node.Line, node.Column, path, value, rule));
}

internal static class Ids
{
    /// <summary>Region, route, plant and material ids: <c>[A-Za-z0-9][A-Za-z0-9_-]*</c>.</summary>
    public static bool IsEntityId(string s) =>
        s.Length > 0 && char.IsAsciiLetterOrDigit(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>Scenario ids: <c>[a-z0-9][a-z0-9-]*</c>.</summary>
    public static bool IsScenarioId(string s) =>
        s.Length > 0 && (char.IsAsciiLetterLower(s[0]) || char.IsAsciiDigit(s[0]))
        && s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
