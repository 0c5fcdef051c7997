using System.Diagnostics;
using System.Text;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// The real API process (api/bin/{configuration}/net10.0/ScenarioGrid.Api.dll) on a free loopback port with
/// its own temporary database; by default with an embedded silo on free ports, or with the settings a test
/// gives (e.g. a client of a silo process). Killed and its folder removed on dispose.
/// </summary>
public sealed class ApiProcess : IAsyncLifetime
{
    private Process? _process;
    private readonly StringBuilder _output = new();
    private readonly string[] _settings;

    /// <summary>The default: a silo inside the API process.</summary>
    public ApiProcess() : this(
        "--Silo:SiloPort", TestPaths.FreePort().ToString(), "--Silo:GatewayPort", TestPaths.FreePort().ToString(),
        "--Silo:ClusterId", "api-e2e-" + Guid.NewGuid().ToString("N")[..8])
    {
    }

    /// <summary>The API with these command-line settings besides its URL and database.</summary>
    internal ApiProcess(params string[] settings) => _settings = settings; // internal: xunit wants one public constructor on a fixture

    public string Folder { get; } = TestPaths.TempFolder();
    public string DatabasePath => Path.Combine(Folder, "api.db");
    public string Url { get; } = $"http://127.0.0.1:{TestPaths.FreePort()}";
    internal GraphQLClient Client { get; private set; } = null!;

    public static string Dll => BuildOutput("api", "ScenarioGrid.Api.dll");

    /// <summary>
    /// A program of this repository as built in the same configuration as this test project (which references
    /// the API, and through it the silo host).
    /// </summary>
    public static string BuildOutput(string project, string file)
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        string path = Path.Combine(TestPaths.RepoRoot(), project, "bin", configuration, "net10.0", file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {project} first", path);
    }

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Folder,
        };
        foreach (string arg in (string[])[Dll, "--urls", Url, "--Api:DatabasePath", DatabasePath, .. _settings])
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
