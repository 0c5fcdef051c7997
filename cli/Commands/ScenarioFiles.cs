using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Cli.Commands;

internal static class ScenarioFiles
{
    /// <summary>Loads and validates a scenario; a missing file is a usage error, an invalid one a validation error.</summary>
    public static Scenario Load(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"no such scenario file: {path}");
        return ScenarioLoader.LoadFile(path);
    }

    /// <summary>A member of the file's strategy set ("base" is the file itself, model-spec-v2 §11.3).</summary>
    public static Scenario MemberOf(Scenario scenario, string path, string strategy)
    {
        if (strategy == "base") return scenario;
        if (scenario.Strategies.Count == 0) throw new UsageException($"{path} has no strategies; --strategy needs a file with a strategies block");
        if (scenario.Strategies.All(s => s.Id != strategy))
            throw new UsageException($"{path} has no strategy '{strategy}' (members: {string.Join(", ", scenario.MemberIds)})");
        return scenario.Member(strategy);
    }

    public static Engine.Analysis.StrategySet StrategySetOf(Scenario scenario, string path) =>
        scenario.Strategies.Count > 0 ? new Engine.Analysis.StrategySet(scenario)
            : throw new UsageException($"{path} has no strategies; --strategies needs a file with a strategies block");

    public static void WriteJson(string path, string json)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, json);
        Console.Error.WriteLine($"wrote {path}");
    }
}
