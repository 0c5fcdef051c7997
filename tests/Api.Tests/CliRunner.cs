using System.Diagnostics;

namespace ScenarioGrid.Api.Tests;

/// <summary>The built <c>scenariogrid</c> (copied next to the tests) as a process: exit code, stdout, stderr.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scenariogrid.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("scenariogrid " + string.Join(' ', args));
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
