using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Bench;

/// <summary>
/// <c>--cluster K</c>: K <c>scenariogrid-silo</c> processes, each pinned to its own C cores (<c>taskset</c>), one
/// SQLite file on this machine and localhost membership, behind the API as a client of them; a batch submitted over
/// GraphQL, timed by the batch's own start and finish. What the issue's 16-core figures measured (the cluster's
/// throughput against the engine on the same cores), so they can be taken again on any machine.
/// </summary>
internal sealed partial class ClusterRun(BenchOptions options) : IDisposable
{
    private const long Seed = 42;
    private readonly string _folder = Directory.CreateTempSubdirectory("scenariogrid-cluster-").FullName;
    private readonly List<Process> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(5) };
    private bool _succeeded;

    /// <summary>Cores <c>[i·C, (i+1)·C)</c> for silo i, as a <c>taskset -c</c> list.</summary>
    public static string CoreList(int first, int count) => count == 1 ? $"{first}" : $"{first}-{first + count - 1}";

    /// <summary>Starts the cluster and the API, runs a warm-up batch and the timed batch; returns its figures.</summary>
    public async Task<(double TrialsPerSecond, double RunSeconds, double WallSeconds)> Measure()
    {
        int cores = options.CoresPerSilo;
        string database = Path.Combine(_folder, "cluster.db");
        string clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var gateways = new List<int>();
        int primary = 0;
        for (int i = 0; i < options.Cluster; i++)
        {
            int siloPort = EmbeddedSilo.FreePort(), gateway = EmbeddedSilo.FreePort();
            if (i == 0) primary = siloPort;
            gateways.Add(gateway);
            string home = Directory.CreateDirectory(Path.Combine(_folder, $"silo-{i}")).FullName;
            Start($"silo {i}", home, CoreList(i * cores, cores), options.SiloDll,
                "--Silo:DatabasePath", database, "--Silo:SiloPort", $"{siloPort}", "--Silo:GatewayPort", $"{gateway}",
                "--Silo:PrimarySiloPort", i == 0 ? "0" : $"{primary}", "--Silo:ClusterId", clusterId, "--Silo:SeedScenarios", "false");
        }
        string api = $"http://127.0.0.1:{EmbeddedSilo.FreePort()}";
        // The API only relays requests: it runs on every core the silos use, unpinned within them.
        Start("api", Directory.CreateDirectory(Path.Combine(_folder, "api")).FullName, CoreList(0, options.Cluster * cores), options.ApiDll,
            "--urls", api, "--Api:DatabasePath", database, "--Api:Cluster:ClusterId", clusterId,
            "--Api:Cluster:Gateway", string.Join(",", gateways.Select(g => $"127.0.0.1:{g}")));
        _http.BaseAddress = new Uri(api);
        await WaitUntilReady(TimeSpan.FromMinutes(2));

        string scenarioId = await StoreScenario(options.Scenario);
        await RunBatch(scenarioId, Math.Min(options.Trials, options.WarmupTrials)); // JIT and grain activations, as for the engine
        var sw = Stopwatch.StartNew();
        double runSeconds = await RunBatch(scenarioId, options.Trials);
        _succeeded = true;
        return (options.Trials / runSeconds, runSeconds, sw.Elapsed.TotalSeconds);
    }

    private void Start(string name, string workingDirectory, string cores, string dll, params string[] arguments)
    {
        bool pin = File.Exists("/usr/bin/taskset");
        var psi = new ProcessStartInfo(pin ? "/usr/bin/taskset" : "dotnet")
        {
            WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (string a in (string[])[.. pin ? ["-c", cores, "dotnet"] : Array.Empty<string>(), Path.GetFullPath(dll), .. arguments])
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {name}");
        var log = new StreamWriter(Path.Combine(workingDirectory, "output.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        Console.Error.WriteLine($"{name}: {(pin ? $"cores {cores}" : "not pinned (no taskset)")}, log {workingDirectory}/output.log");
    }

    private async Task WaitUntilReady(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (_processes.FirstOrDefault(p => p.HasExited) is { } dead)
                throw new InvalidOperationException($"a process exited with {dead.ExitCode} before the cluster was ready; logs in {_folder}");
            try
            {
                if ((await _http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the API was not ready after {limit}; logs in {_folder}");
            await Task.Delay(500);
        }
    }

    /// <summary>Stores the file (and, first, the files it extends, from the same folder); returns its id.</summary>
    private async Task<string> StoreScenario(string file)
    {
        string yaml = await File.ReadAllTextAsync(file);
        if (ExtendsLine().Match(yaml) is { Success: true } parent)
            await StoreScenario(Path.Combine(Path.GetDirectoryName(file)!, parent.Groups[1].Value.Trim('"', '\'') + ".yaml"));
        var data = await GraphQL("mutation($yaml: String!, $file: String) { createScenario(yaml: $yaml, fileName: $file) { id } }",
            new { yaml, file = Path.GetFileName(file) });
        return data["createScenario"]!["id"]!.GetValue<string>();
    }

    /// <summary>Submits a batch, waits for it to complete; its run time from the batch's own timings.</summary>
    private async Task<double> RunBatch(string scenarioId, long trials)
    {
        var submitted = await GraphQL("mutation($s: ID!, $t: Long!, $seed: Long!, $c: Int!) { submitBatch(scenarioId: $s, trials: $t, seed: $seed, chunkSize: $c) { id } }",
            new { s = scenarioId, t = trials, seed = Seed, c = options.Chunk });
        string id = submitted["submitBatch"]!["id"]!.GetValue<string>();
        while (true)
        {
            var batch = (await GraphQL("query($id: ID!) { batch(id: $id) { status error timings { runSeconds } } }", new { id }))["batch"]!;
            string status = batch["status"]!.GetValue<string>();
            if (status == "COMPLETED") return batch["timings"]!["runSeconds"]!.GetValue<double>();
            if (status is "FAILED" or "CANCELLED") throw new InvalidOperationException($"batch {id} ended {status}: {batch["error"]}");
            if (_processes.FirstOrDefault(p => p.HasExited) is { } dead)
                throw new InvalidOperationException($"a process exited with {dead.ExitCode} during batch {id}; logs in {_folder}");
            await Task.Delay(200);
        }
    }

    private async Task<JsonNode> GraphQL(string query, object variables)
    {
        using var response = await _http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (body["errors"] is JsonArray { Count: > 0 } errors) throw new InvalidOperationException($"GraphQL: {errors.ToJsonString()}");
        return body["data"]!;
    }

    [GeneratedRegex(@"^extends:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ExtendsLine();

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
            p.Dispose();
        }
        _http.Dispose();
        if (_succeeded) Directory.Delete(_folder, recursive: true);
        else Console.Error.WriteLine($"cluster logs kept in {_folder}");
    }
}
