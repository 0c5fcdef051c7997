using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// What the section rules share while one scenario is validated: the error list, every broken rule with the
/// file, line and column where the offending value was written; the parameters read so far; and the node
/// helpers that read keys, maps and text and report what is wrong with them. Numbers and distributions are read
/// by the other parts of this class (<c>ValidationContext.Numbers.cs</c>, <c>ValidationContext.Distributions.cs</c>).
/// </summary>
internal sealed partial class ValidationContext(List<ValidationError> errors)
{
    /// <summary>Every parameter read so far by its path: correlations, read last, name parameters by path.</summary>
    private readonly Dictionary<string, Parameter> _parameters = new(StringComparer.Ordinal);

    /// <summary>
    /// Every path a value was read for, valid or not: a correlation that names a broken value does not report
    /// it a second time as an unknown path.
    /// </summary>
    private readonly HashSet<string> _attempted = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the scenario uses a model-v2 block (model-spec-v2 §0). Only v2 files get v2 messages: a v1 file keeps
    /// v1's errors word for word.
    /// </summary>
    public bool IsV2 { get; init; }

    /// <summary>Errors in the list, including any reported before validation began (inheritance, <c>set</c>).</summary>
    public int ErrorCount => errors.Count;

    /// <summary>The parameter read at <paramref name="path"/>; null also for a path whose value was broken.</summary>
    public Parameter? FindParameter(string path) => _parameters.GetValueOrDefault(path);

    /// <summary>Whether a value was read (valid or not) at <paramref name="path"/>.</summary>
    public bool WasAttempted(string path) => _attempted.Contains(path);

    /// <summary>Reads a map of id → entry (regions, routes, plants) in written order; at least one entry is required.</summary>
    public List<T> Entries<T>(YMap root, string key, string what, Func<YMap, string, string, T?> read) where T : class
    {
        var result = new List<T>();
        var node = root.Get(key);
        if (node is null)
        {
            Missing(root, key, key, $"at least one {what} is required");
            return result;
        }
        if (AsMap(node, key) is not { } map) return result;
        if (map.Entries.Count == 0)
        {
            Error(map, key, $"at least one {what} is required");
            return result;
        }
        foreach (var e in map.Entries)
        {
            string id = e.Key.Text;
            string path = key + "." + id;
            if (!Ids.IsEntityId(id))
            {
                Error(e.Key, path, id, $"a {what} id must match [A-Za-z0-9][A-Za-z0-9_-]* (no '.', ':' or spaces)");
                continue;
            }
            if (AsMap(e.Value, path) is not { } entry) continue;
            if (read(entry, id, path) is { } item) result.Add(item);
        }
        return result;
    }

    public void CheckKeys(YMap map, string path, IReadOnlyCollection<string> allowed)
    {
        foreach (var e in map.Entries)
        {
            if (allowed.Contains(e.Key.Text)) continue;
            Error(e.Key, Join(path, e.Key.Text), e.Key.Text,
                $"unknown key '{e.Key.Text}' (allowed: {string.Join(", ", allowed)})");
        }
    }

    public YMap? RequiredMap(YMap parent, string key, string path)
    {
        var node = parent.Get(key);
        if (node is null)
        {
            Missing(parent, key, path);
            return null;
        }
        return AsMap(node, path);
    }

    public YMap? AsMap(YNode node, string path)
    {
        if (node is YMap m) return m;
        if (!IsInvalid(node)) Error(node, path, $"expected a map, got {Describe(node)}");
        return null;
    }

    public string? RequiredText(YMap map, string key, string path)
    {
        var node = map.Get(key);
        if (node is null)
        {
            Missing(map, key, path);
            return null;
        }
        return Text(node, path);
    }

    public string? OptionalText(YMap map, string key, string path)
    {
        var node = map.Get(key);
        return node is null ? null : Text(node, path);
    }

    /// <summary>Text fields take any non-null scalar as written (<c>name: 2025</c> is the text "2025").</summary>
    public string? Text(YNode node, string path)
    {
        if (node is YScalar { Kind: ScalarKind.String or ScalarKind.Number or ScalarKind.Bool } s) return s.Text;
        if (!IsInvalid(node)) Error(node, path, $"expected text, got {Describe(node)}");
        return null;
    }

    /// <summary>An error found elsewhere (a strategy member's), already located.</summary>
    public void Report(ValidationError error) => errors.Add(error);

    public void Missing(YMap map, string key, string path, string? why = null) =>
        errors.Add(new ValidationError(map.File, map.Line, map.Column, path, null,
            $"missing required field '{key}'" + (why is null ? "" : $" ({why})")));

    public void Error(YNode node, string path, string rule) => Error(node, path, node.Render(), rule);

    public void Error(YNode node, string path, string? value, string rule) =>
        errors.Add(new ValidationError(node.File, node.Line, node.Column, path, value, rule));

    public static bool IsInvalid(YNode node) => node is YScalar { Kind: ScalarKind.Invalid };

    public static string Describe(YNode node) => node switch
    {
        YMap => "a map",
        YSeq => "a list",
        YScalar { Kind: ScalarKind.Null } => "null",
        YScalar { Kind: ScalarKind.Bool } s => $"the boolean {s.Text}",
        YScalar { Kind: ScalarKind.Number } s => $"the number {Short(s.Text)}",
        YScalar { Quoted: true } s => $"the quoted string '{Short(s.Text)}' (quoted scalars are strings)",
        YScalar s => $"the string '{Short(s.Text)}'",
        _ => "an invalid value",
    };

    private static string Short(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
