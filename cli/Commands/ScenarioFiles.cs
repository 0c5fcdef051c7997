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

    public static void WriteJson(string path, string json)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, json);
        Console.Error.WriteLine($"wrote {path}");
    }
}
