using System.Diagnostics;
using System.Text;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// The real API process (api/bin/{configuration}/net10.0/ScenarioGrid.Api.dll) on a free loopback port with
/// its own temporary database and silo ports; killed and its folder removed on dispose.
/// </summary>
public sealed class ApiProcess : IAsyncLifetime
{
    private Process? _process;
    private readonly StringBuilder _output = new();

    public string Folder { get; } = TestPaths.TempFolder();
    public string DatabasePath => Path.Combine(Folder, "api.db");
    public string Url { get; } = $"http://127.0.0.1:{TestPaths.FreePort()}";
    internal GraphQLClient Client { get; private set; } = null!;

    public static string Dll
    {
        get
        {
            // The API is built in the same configuration as this test project (it references it).
            string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            string path = Path.Combine(TestPaths.RepoRoot(), "api", "bin", configuration, "net10.0", "ScenarioGrid.Api.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build the API first", path);
        }
    }

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Folder,
        };
        foreach (string arg in new[]
                 {
                     Dll, "--urls", Url, "--Api:DatabasePath", DatabasePath,
                     "--Silo:SiloPort", TestPaths.FreePort().ToString(), "--Silo:GatewayPort", TestPaths.FreePort().ToString(),
                     "--Silo:ClusterId", "api-e2e-" + Guid.NewGuid().ToString("N")[..8],
                 })
            start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Client = new GraphQLClient(new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the API exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await Client.Post("{ cluster { mode } }")).Status == System.Net.HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the API did not answer at {Url}:\n{Output}");
            await Task.Delay(200);
        }
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit();
        _process?.Dispose();
        Client?.Http.Dispose();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        return Task.CompletedTask;
    }
}
