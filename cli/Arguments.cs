using System.Globalization;

using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Cli;

/// <summary>Bad command-line use: reported with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// <c>verb [positional…] [--name value…]</c>. Deliberately small: every option a command reads must be
/// known to it, so a typo such as <c>--trails</c> is an error rather than silently ignored.
/// </summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    public string Verb { get; private init; } = "help";
    public IReadOnlyList<string> Positional { get; private init; } = [];

    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "in-process", "strategies" };

    public static Arguments Parse(string[] args)
    {
        var positional = new List<string>();
        var parsed = new Arguments { Verb = args.Length > 0 ? args[0] : "help", Positional = positional };
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) { positional.Add(args[i]); continue; }
            string name = args[i][2..];
            if (Flags.Contains(name))
            {
                if (!parsed._options.TryAdd(name, "true")) throw new UsageException($"option --{name} given twice");
                continue;
            }
            if (i + 1 >= args.Length) throw new UsageException($"option --{name} needs a value");
            if (!parsed._options.TryAdd(name, args[++i])) throw new UsageException($"option --{name} given twice");
        }
        return parsed;
    }

    public string File(string what = "scenario file")
    {
        if (Positional.Count != 1) throw new UsageException($"{Verb} needs exactly one {what}");
        return Positional[0];
    }

    public string? String(string name)
    {
        _read.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public string RequiredString(string name) => String(name) ?? throw new UsageException($"{Verb} needs --{name}");

    public long Long(string name, long? defaultValue, long min, long max)
    {
        string? text = String(name);
        if (text is null) return defaultValue ?? throw new UsageException($"{Verb} needs --{name}");
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
            throw new UsageException($"--{name} must be a whole number from {min} to {max}, not '{text}'");
        return value;
    }

    public bool Flag(string name) => String(name) is not null;

    /// <summary>
    /// The store: the SQLite file of --db, else the PostgreSQL database of --postgres (a connection string, or
    /// SCENARIOGRID_POSTGRES when --postgres is not given and --db is not either), else <see cref="ScenarioGridDatabase.DefaultPath"/>.
    /// </summary>
    public DatabaseLocation Database()
    {
        string? path = String("db"), postgres = String("postgres");
        if (path is not null && postgres is not null) throw new UsageException("--db and --postgres name two databases: give one");
        postgres ??= path is null ? Environment.GetEnvironmentVariable("SCENARIOGRID_POSTGRES") is { Length: > 0 } env ? env : null : null;
        if (postgres is null) return DatabaseLocation.Sqlite(path ?? ScenarioGridDatabase.DefaultPath);
        try { return DatabaseLocation.FromSettings(DatabaseProvider.Postgres, null, postgres); }
        catch (DatabaseSettingException e) { throw new UsageException($"--postgres: {e.Message}"); }
    }

    /// <summary>The batch seed: an integer 0 ≤ seed &lt; 2⁵³ (it must survive JSON and JavaScript).</summary>
    public ulong Seed() => (ulong)Long("seed", null, 0, BatchLimits.SeedBound - 1);

    /// <summary>The kernel chunk size: --chunk, else the default.</summary>
    public int ChunkSize() => (int)Long("chunk", BatchRequest.DefaultChunkSize, 1, BatchLimits.MaxChunkSize);

    /// <summary>Call after reading every option a command knows: anything left is a mistake.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option(s) for {Verb}: " + string.Join(", ", unknown.Select(u => "--" + u)));
    }
}
