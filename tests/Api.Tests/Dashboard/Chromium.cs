using System.Diagnostics;

namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>
/// The system Chromium the dashboard tests drive (Debian's <c>chromium</c>; nothing downloads a browser). When it is
/// missing, one attempt installs it with apt-get as root or through password-less sudo, as tests/run does; only when
/// that is impossible do the tests skip, saying why.
/// </summary>
internal static class Chromium
{
    private static readonly Lazy<(string? Path, string? Why)> Found = new(FindOrInstall);

    /// <summary>The executable, or null with the reason the browser tests skip.</summary>
    public static string? Path => Found.Value.Path;

    public static string? WhyMissing => Found.Value.Why;

    private static (string?, string?) FindOrInstall()
    {
        if (Find() is { } path) return (path, null);
        string? why = TryInstall();
        return Find() is { } installed
            ? (installed, null)
            : (null, $"Chromium is not installed and could not be installed ({why}); run `bash tests/run`, or `apt-get install chromium`, or set CHROMIUM_PATH");
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } set && File.Exists(set)) return set;
        foreach (string name in (string[])["chromium", "chromium-browser", "google-chrome"])
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
            {
                string candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    private static string TryInstall()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get")) return "no apt-get here";
        bool root = Environment.UserName == "root";
        if (!root && Run("sudo", "-n", "true") != 0) return "not root and no password-less sudo";
        string[] prefix = root ? [] : ["sudo", "-n"];
        if (Run([.. prefix, "apt-get", "update", "-qq"]) != 0) return "apt-get update failed";
        return Run([.. prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", "chromium"]) == 0
            ? "installed" : "apt-get install chromium failed";
    }

    private static int Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in command.Skip(1)) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            return process.WaitForExit(TimeSpan.FromMinutes(10)) ? process.ExitCode : -1;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}

/// <summary>A test that needs Chromium: skipped, with the reason, only when it is absent and cannot be installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Path is null) Skip = Chromium.WhyMissing;
    }
}
