using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ScenarioGrid.Engine.Loading;

/// <summary>A node of our own YAML tree: every node remembers the file, line and column it was written at.</summary>
internal abstract class YNode(string file, int line, int column)
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;

    /// <summary>Short flow-style rendering for error messages.</summary>
    public string Render()
    {
        var sb = new StringBuilder();
        Render(sb);
        return sb.Length > 120 ? sb.ToString(0, 117) + "..." : sb.ToString();
    }

    internal abstract void Render(StringBuilder sb);
}

internal enum ScalarKind { Null, Bool, Number, String, Invalid }

/// <summary>
/// A scalar typed by the YAML 1.2 core schema: only plain (unquoted, untagged) scalars are resolved to
/// null, booleans and numbers; quoted and block scalars are strings. <see cref="ScalarKind.Invalid"/>
/// stands in for something already reported (an alias), so that no follow-up errors are raised.
/// </summary>
internal sealed class YScalar(string file, int line, int column, string text, ScalarKind kind, double number, bool quoted)
    : YNode(file, line, column)
{
    public string Text { get; } = text;
    public ScalarKind Kind { get; } = kind;
    public double Number { get; } = number;
    public bool Quoted { get; } = quoted;

    public static YScalar Plain(string file, int line, int column, string text)
    {
        var (kind, number) = CoreSchema.Resolve(text);
        return new YScalar(file, line, column, text, kind, number, false);
    }

    public static YScalar Str(string file, int line, int column, string text) =>
        new(file, line, column, text, ScalarKind.String, 0, true);

    internal override void Render(StringBuilder sb)
    {
        if (Kind == ScalarKind.Null && Text.Length == 0) sb.Append("null");
        else if (Quoted) sb.Append('"').Append(Text.Replace("\n", "\\n")).Append('"');
        else sb.Append(Text);
    }
}

internal sealed class YSeq(string file, int line, int column) : YNode(file, line, column)
{
    public List<YNode> Items { get; } = [];

    internal override void Render(StringBuilder sb)
    {
        sb.Append('[');
        for (int i = 0; i < Items.Count && sb.Length < 200; i++)
        {
            if (i > 0) sb.Append(", ");
            Items[i].Render(sb);
        }
        sb.Append(']');
    }
}

internal sealed record YEntry(YScalar Key, YNode Value)
{
    public YNode Value { get; set; } = Value;
}

/// <summary>A mapping with scalar keys, in written order; keys are unique (duplicates are reported while reading).</summary>
internal sealed class YMap(string file, int line, int column) : YNode(file, line, column)
{
    private readonly List<YEntry> _entries = [];
    private readonly Dictionary<string, YEntry> _index = new(StringComparer.Ordinal);

    public IReadOnlyList<YEntry> Entries => _entries;

    /// <summary>Appends an entry; a key already present keeps its first entry for look-ups.</summary>
    public void Add(YEntry entry)
    {
        _entries.Add(entry);
        _index.TryAdd(entry.Key.Text, entry);
    }

    public YEntry? Find(string key) => _index.GetValueOrDefault(key);

    public YNode? Get(string key) => Find(key)?.Value;

    public bool Has(string key) => _index.ContainsKey(key);

    /// <summary>Removes a key (a strategy member drops the file's strategies).</summary>
    public void Remove(string key)
    {
        if (!_index.Remove(key)) return;
        _entries.RemoveAll(e => e.Key.Text == key);
    }

    /// <summary>Replaces the value of <paramref name="key"/> in place, or appends a new entry.</summary>
    public void Set(YScalar key, YNode value)
    {
        var e = Find(key.Text);
        if (e is not null) e.Value = value;
        else Add(new YEntry(key, value));
    }

    internal override void Render(StringBuilder sb)
    {
        sb.Append('{');
        for (int i = 0; i < Entries.Count && sb.Length < 200; i++)
        {
            if (i > 0) sb.Append(", ");
            Entries[i].Key.Render(sb);
            sb.Append(": ");
            Entries[i].Value.Render(sb);
        }
        sb.Append('}');
    }
}

/// <summary>YAML 1.2 core schema resolution of plain scalars.</summary>
internal static partial class CoreSchema
{
    [GeneratedRegex(@"^[-+]?[0-9]+$")] private static partial Regex Decimal();
    [GeneratedRegex(@"^0o[0-7]+$")] private static partial Regex Octal();
    [GeneratedRegex(@"^0x[0-9a-fA-F]+$")] private static partial Regex Hex();
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")] private static partial Regex Float();

    public static (ScalarKind Kind, double Number) Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return (ScalarKind.Null, 0);
            case "true" or "True" or "TRUE": return (ScalarKind.Bool, 1);
            case "false" or "False" or "FALSE": return (ScalarKind.Bool, 0);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return (ScalarKind.Number, double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF": return (ScalarKind.Number, double.NegativeInfinity);
            case ".nan" or ".NaN" or ".NAN": return (ScalarKind.Number, double.NaN);
        }
        if (text.Length > 400) return (ScalarKind.String, 0);
        if (Decimal().IsMatch(text) || Float().IsMatch(text))
            return (ScalarKind.Number, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        if (Octal().IsMatch(text))
            return (ScalarKind.Number, (double)ParseRadix(text.AsSpan(2), 8));
        if (Hex().IsMatch(text))
            return (ScalarKind.Number, (double)ParseRadix(text.AsSpan(2), 16));
        return (ScalarKind.String, 0);
    }

    private static System.Numerics.BigInteger ParseRadix(ReadOnlySpan<char> digits, int radix)
    {
        System.Numerics.BigInteger v = 0;
        foreach (char c in digits) v = v * radix + Convert.ToInt32(c.ToString(), 16);
        return v;
    }
}

/// <summary>
/// Builds a <see cref="YNode"/> tree from YamlDotNet's low-level parser events, reporting duplicate keys,
/// aliases, unsupported tags, several documents and syntax errors as <see cref="ValidationError"/>s.
/// </summary>
internal static class YamlTreeReader
{
    public const int MaxChars = 4 * 1024 * 1024;
    public const int MaxDepth = 64;
    public const int MaxNodes = 50_000;

    private const string CoreTag = "tag:yaml.org,2002:";

    private sealed class Frame(YNode node, string path)
    {
        public YNode Node { get; } = node;
        public string Path { get; } = path;
        public YScalar? PendingKey { get; set; }
        public bool SkipValue { get; set; }
        public Dictionary<string, YScalar>? Keys { get; set; }
    }

    /// <summary>The root node, or null when the text could not be read at all (the reason is in <paramref name="errors"/>).</summary>
    public static YNode? Read(string text, string file, List<ValidationError> errors)
    {
        if (text.Length > MaxChars)
        {
            errors.Add(new ValidationError(file, 1, 1, "", null, $"the file is too large (more than {MaxChars} characters)"));
            return null;
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];

        var stack = new List<Frame>();
        YNode? root = null;
        int documents = 0, nodes = 0, skipDepth = 0;
        Mark last = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                last = ev.Start;
                switch (ev)
                {
                    case StreamStart or StreamEnd or DocumentEnd or Comment:
                        continue;
                    case DocumentStart:
                        if (++documents > 1)
                        {
                            errors.Add(At(file, ev.Start, "", null, "a scenario file holds exactly one YAML document"));
                            return null;
                        }
                        continue;
                }

                if (skipDepth > 0)
                {
                    // Inside a value we are discarding (the value of a duplicate or invalid key).
                    if (ev is MappingStart or SequenceStart) skipDepth++;
                    else if (ev is MappingEnd or SequenceEnd) skipDepth--;
                    continue;
                }

                if (ev is MappingEnd or SequenceEnd)
                {
                    var done = stack[^1];
                    stack.RemoveAt(stack.Count - 1);
                    Attach(done.Node);
                    continue;
                }

                if (++nodes > MaxNodes)
                {
                    errors.Add(At(file, ev.Start, "", null, $"the file has too many YAML nodes (more than {MaxNodes})"));
                    return null;
                }

                // Is this event a mapping key?
                var top = stack.Count > 0 ? stack[^1] : null;
                bool isKey = top is { Node: YMap } && top.PendingKey is null && !top.SkipValue;
                if (top is { SkipValue: true })
                {
                    top.SkipValue = false;
                    if (ev is MappingStart or SequenceStart) skipDepth = 1;
                    continue;
                }

                if (isKey)
                {
                    if (ev is not Scalar ks)
                    {
                        errors.Add(At(file, ev.Start, top!.Path, null, "mapping keys must be scalars"));
                        if (ev is MappingStart or SequenceStart) skipDepth = 1;
                        top.SkipValue = true;
                        continue;
                    }
                    var key = MakeScalar(ks, file, top!.Path, errors);
                    string keyPath = Join(top.Path, key.Text);
                    top.Keys ??= new Dictionary<string, YScalar>(StringComparer.Ordinal);
                    if (top.Keys.TryGetValue(key.Text, out var first))
                    {
                        errors.Add(new ValidationError(file, key.Line, key.Column, keyPath, key.Text,
                            $"duplicate key '{key.Text}' (first at line {first.Line}, column {first.Column})"));
                        top.SkipValue = true;
                        continue;
                    }
                    top.Keys[key.Text] = key;
                    top.PendingKey = key;
                    continue;
                }

                string path = top switch
                {
                    null => "",
                    { Node: YMap } => Join(top.Path, top.PendingKey!.Text),
                    { Node: YSeq s } => Join(top.Path, s.Items.Count.ToString(CultureInfo.InvariantCulture)),
                    _ => "",
                };

                switch (ev)
                {
                    case Scalar s:
                        Attach(MakeScalar(s, file, path, errors));
                        break;
                    case AnchorAlias a:
                        errors.Add(At(file, ev.Start, path, "*" + a.Value,
                            "aliases are not supported; write the value out"));
                        Attach(new YScalar(file, (int)ev.Start.Line, (int)ev.Start.Column, "*" + a.Value, ScalarKind.Invalid, 0, false));
                        break;
                    case MappingStart ms:
                        CheckCollectionTag(ms.Tag, "map", file, ev.Start, path, errors);
                        Push(new YMap(file, (int)ev.Start.Line, (int)ev.Start.Column), path, ev.Start);
                        break;
                    case SequenceStart ss:
                        CheckCollectionTag(ss.Tag, "seq", file, ev.Start, path, errors);
                        Push(new YSeq(file, (int)ev.Start.Line, (int)ev.Start.Column), path, ev.Start);
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            errors.Add(At(file, ex.Start, "", null, "invalid YAML: " + Clean(ex.Message)));
            return null;
        }
        catch (Exception)
        {
            // YamlDotNet throws plain exceptions on a few malformed inputs (e.g. an unterminated flow
            // sequence); report them at the last position the parser reached.
            errors.Add(At(file, last, "", null, "invalid YAML: the text cannot be parsed here"));
            return null;
        }
        return root ?? new YScalar(file, 1, 1, "", ScalarKind.Null, 0, false);

        void Push(YNode node, string path, Mark start)
        {
            if (stack.Count >= MaxDepth)
                throw new DepthException(start);
            stack.Add(new Frame(node, path));
        }

        void Attach(YNode node)
        {
            if (stack.Count == 0) { root = node; return; }
            var parent = stack[^1];
            switch (parent.Node)
            {
                case YMap m:
                    m.Add(new YEntry(parent.PendingKey!, node));
                    parent.PendingKey = null;
                    break;
                case YSeq s:
                    s.Items.Add(node);
                    break;
            }
        }
    }

    private sealed class DepthException(Mark start)
        : YamlException(start, start, $"the file nests deeper than {MaxDepth} levels");

    private static YScalar MakeScalar(Scalar s, string file, string path, List<ValidationError> errors)
    {
        int line = (int)s.Start.Line, column = (int)s.Start.Column;
        var tag = s.Tag;
        if (tag.IsEmpty)
            return s.Style == ScalarStyle.Plain
                ? YScalar.Plain(file, line, column, s.Value)
                : YScalar.Str(file, line, column, s.Value);
        if (tag.IsNonSpecific || tag.Value == CoreTag + "str")
            return YScalar.Str(file, line, column, s.Value);
        if (tag.Value is CoreTag + "int" or CoreTag + "float" or CoreTag + "bool" or CoreTag + "null")
        {
            var (kind, number) = CoreSchema.Resolve(s.Value);
            string want = tag.Value[CoreTag.Length..];
            bool ok = want switch
            {
                "int" or "float" => kind == ScalarKind.Number,
                "bool" => kind == ScalarKind.Bool,
                _ => kind == ScalarKind.Null,
            };
            if (ok) return new YScalar(file, line, column, s.Value, kind, number, false);
            errors.Add(new ValidationError(file, line, column, path, s.Value, $"'{s.Value}' is not a valid !!{want}"));
            return new YScalar(file, line, column, s.Value, ScalarKind.Invalid, 0, false);
        }
        errors.Add(new ValidationError(file, line, column, path, s.Value, $"unsupported tag '{tag.Value}'"));
        return new YScalar(file, line, column, s.Value, ScalarKind.Invalid, 0, false);
    }

    private static void CheckCollectionTag(TagName tag, string kind, string file, Mark start, string path, List<ValidationError> errors)
    {
        if (tag.IsEmpty || tag.IsNonSpecific || tag.Value == CoreTag + kind) return;
        errors.Add(At(file, start, path, null, $"unsupported tag '{tag.Value}'"));
    }

    private static ValidationError At(string file, Mark mark, string path, string? value, string rule) =>
        new(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column), path, value, rule);

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string Clean(string message)
    {
        // YamlDotNet prefixes some messages with "(Line: …): "; the position is already ours.
        int i = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && i > 0 ? message[(i + 3)..] : message;
    }
}
