using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ScenarioGrid.Api.Tests.Subscriptions;

/// <summary>
/// The real JavaScript clients in Subscriptions/node (graphql-ws 6.4.2, graphql-http 1.23.1's audits), installed from
/// the npm registry with `npm ci` against the committed lock file the first time a test needs them (node_modules is
/// ignored by git). tests/run installs node and npm.
/// </summary>
internal static class NodeClients
{
    private static readonly SemaphoreSlim Installing = new(1, 1);
    private static bool _installed;

    public static string Folder => Path.Combine(TestPaths.RepoRoot(), "tests", "Api.Tests", "Subscriptions", "node");

    /// <summary>Runs <c>node script args</c> in the folder; every stdout line is one JSON value.</summary>
    public static async Task<IReadOnlyList<JsonNode>> Run(TimeSpan timeout, string script, params string[] args)
    {
        await Install();
        var (code, stdout, stderr) = await Exec("node", [script, .. args], timeout);
        Assert.True(code == 0, $"node {script} exited with {code}:\n{stderr}\n{stdout}");
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)];
    }

    private static async Task Install()
    {
        await Installing.WaitAsync();
        try
        {
            if (_installed) return;
            var (code, stdout, stderr) = await Exec("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"npm ci in {Folder} failed ({code}); tests/run installs node and npm:\n{stderr}\n{stdout}");
            _installed = true;
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Exec(string file, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Folder };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} ran longer than {timeout}:\n{await stderr}\n{await stdout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
