namespace ScenarioGrid.Api.Tests;

internal static class TestPaths
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ScenarioGrid.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public static string Scenario(string name) => Path.Combine(RepoRoot(), "scenarios", name);

    public static string TempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "sg-api-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static int FreePort() => Silo.EmbeddedSilo.FreePort();
}
