using System.Security.Cryptography;
using System.Text;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading;

/// <summary>
/// Reads scenario files (model-spec section 2): YAML 1.2 core schema, <c>extends</c> inheritance and
/// <c>set</c>, then validation of every field. Any problem with the input, however malformed, surfaces as
/// one <see cref="ScenarioValidationException"/> listing all errors of the file and its ancestors.
/// </summary>
public static class ScenarioLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Loads a file; <c>extends: P</c> looks for the scenario with id P among the <c>*.yaml</c> files of the
    /// same folder.
    /// </summary>
    /// <exception cref="ScenarioValidationException">with every error found.</exception>
    public static Scenario LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errors = new List<ValidationError>();
        var source = ReadSource(path, errors);
        if (source is null) throw new ScenarioValidationException(errors);

        string directory = Path.GetDirectoryName(path) ?? "";
        Dictionary<string, List<string>>? index = null;
        ParentLookup Resolve(string id)
        {
            index ??= IndexFolder(directory);
            if (!index.TryGetValue(id, out var files)) return new ParentLookup(null, null);
            if (files.Count > 1)
                return new ParentLookup(null, $"parent scenario '{id}' is defined by several files: {string.Join(", ", files)}");
            var parentErrors = new List<ValidationError>();
            var parent = ReadSource(files[0], parentErrors);
            return parent is null
                ? new ParentLookup(null, $"parent scenario '{id}' cannot be read: {parentErrors[0].Rule}")
                : new ParentLookup(parent, null);
        }
        return Load(source, Resolve, errors);
    }

    /// <summary>
    /// Loads text; <paramref name="resolveParent"/>(id) returns the parent's text and file name, or null
    /// when the id is unknown (a server passes its stored scenarios). It is called at most once per ancestor,
    /// in extends order (parent, grandparent, …). The SHA-256 is over the UTF-8 bytes of the texts.
    /// </summary>
    /// <exception cref="ScenarioValidationException">with every error found.</exception>
    public static Scenario Load(string yamlText, string fileName, Func<string, (string Text, string FileName)?> resolveParent)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(resolveParent);
        var source = new ScenarioSource(fileName, yamlText, Utf8Bytes(yamlText));
        return Load(source, id => resolveParent(id) is { Text: { } text } p
            ? new ParentLookup(new ScenarioSource(p.FileName ?? id, text, Utf8Bytes(text)), null)
            : new ParentLookup(null, null), []);
    }

    private static Scenario Load(ScenarioSource source, Func<string, ParentLookup> resolveParent, List<ValidationError> errors)
    {
        var inheritance = new Inheritance(resolveParent, errors);
        var merged = inheritance.Build(source);
        Scenario? scenario = null;
        if (merged is not null)
        {
            string sha = Sha256(inheritance.Chain);
            scenario = ScenarioValidator.Validate(merged, sha, errors);
            if (scenario is not null)
                scenario = scenario with { Sources = inheritance.Chain.Select(c => new ScenarioText(c.FileName, c.Text)).ToList() };
        }
        if (errors.Count > 0 || scenario is null)
        {
            if (errors.Count == 0)
                errors.Add(new ValidationError(source.FileName, 1, 1, "", null, "the scenario could not be read"));
            throw new ScenarioValidationException(Order(errors, inheritance.Chain));
        }
        return scenario;
    }

    /// <summary>SHA-256 (lowercase hex) of the file's bytes followed by each ancestor's, in extends order.</summary>
    private static string Sha256(IEnumerable<ScenarioSource> chain)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var s in chain) sha.AppendData(s.Bytes);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Errors by file (the loaded file first, then its ancestors), then by line and column.</summary>
    private static List<ValidationError> Order(List<ValidationError> errors, List<ScenarioSource> chain)
    {
        int Rank(string file)
        {
            int i = chain.FindIndex(s => s.FileName == file);
            return i < 0 ? 0 : i;
        }
        return errors.Distinct().Select((e, i) => (e, i))
            .OrderBy(x => Rank(x.e.File)).ThenBy(x => x.e.Line).ThenBy(x => x.e.Column).ThenBy(x => x.i)
            .Select(x => x.e).ToList();
    }

    private static ScenarioSource? ReadSource(string path, List<ValidationError> errors)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > YamlTreeReader.MaxChars * 4L)
            {
                errors.Add(new ValidationError(path, 1, 1, "", null, "the file is too large"));
                return null;
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException
                                       or NotSupportedException or System.Security.SecurityException)
        {
            errors.Add(new ValidationError(path, 1, 1, "", null, "cannot read the file: " + ex.Message));
            return null;
        }
        string text;
        try
        {
            int skip = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0;
            text = StrictUtf8.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new ValidationError(path, 1, 1, "", null, "the file is not valid UTF-8"));
            return null;
        }
        return new ScenarioSource(path, text, bytes);
    }

    /// <summary>Scenario id → files of the folder whose top-level <c>id</c> it is (files that cannot be read are skipped).</summary>
    private static Dictionary<string, List<string>> IndexFolder(string directory)
    {
        var index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        IEnumerable<string> files;
        try
        {
            files = Directory.GetFiles(directory.Length == 0 ? "." : directory, "*.yaml")
                .Select(f => directory.Length == 0 ? Path.GetFileName(f) : f)
                .Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return index;
        }
        foreach (var file in files)
        {
            var source = ReadSource(file, []);
            if (source is null) continue;
            if (YamlTreeReader.Read(source.Text, file, []) is YMap root
                && root.Get("id") is YScalar { Kind: ScalarKind.String or ScalarKind.Number } id)
            {
                if (!index.TryGetValue(id.Text, out var list)) index[id.Text] = list = [];
                list.Add(file);
            }
        }
        return index;
    }

    /// <summary>UTF-8 bytes of a string; lone surrogates become U+FFFD rather than throwing.</summary>
    private static byte[] Utf8Bytes(string s) => Encoding.UTF8.GetBytes(s);
}
