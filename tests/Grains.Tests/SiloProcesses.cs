using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// A real <c>scenariogrid-silo</c> process (the build output beside this test assembly), its output kept in
/// memory and in a log file for the test's report. <see cref="Kill"/> is SIGKILL: no shutdown code runs.
/// </summary>
internal sealed class StandaloneSilo : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly StreamWriter _file;

    public string Name { get; }
    public int SiloPort { get; }
    public int GatewayPort { get; }

    private StandaloneSilo(string name, int siloPort, int gatewayPort, Process process, StreamWriter file)
    {
        Name = name;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _process = process;
        _file = file;
    }

    /// <summary>
    /// Starts a silo on <paramref name="siloPort"/>/<paramref name="gatewayPort"/> over <paramref name="database"/>;
    /// <paramref name="settings"/> are further configuration keys (passed as <c>--Key value</c>), <paramref name="environment"/>
    /// further environment variables.
    /// </summary>
    public static StandaloneSilo Start(string name, string database, int siloPort, int gatewayPort,
        IEnumerable<(string Key, string Value)> settings, IDictionary<string, string>? environment = null) =>
        // The silo may be the one to create the database; its log goes beside it.
        StartIn(name, Directory.CreateDirectory(Path.GetDirectoryName(database)!).FullName, siloPort, gatewayPort,
            [("Silo:DatabasePath", database), .. settings], environment);

    /// <summary>
    /// Starts a silo whose working directory is <paramref name="folder"/> (created if missing; its log goes there too),
    /// with the store named in <paramref name="settings"/> (e.g. Silo:Database postgres): a host of its own, sharing no file.
    /// </summary>
    public static StandaloneSilo StartIn(string name, string folder, int siloPort, int gatewayPort,
        IEnumerable<(string Key, string Value)> settings, IDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(folder);
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scenariogrid-silo.dll"));
        foreach (var (k, v) in new[] { ("Silo:SiloPort", $"{siloPort}"), ("Silo:GatewayPort", $"{gatewayPort}") }.Concat(settings))
        {
            psi.ArgumentList.Add($"--{k}");
            psi.ArgumentList.Add(v);
        }
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var file = new StreamWriter(Path.Combine(folder, name + ".log"), append: true) { AutoFlush = true };
        var silo = new StandaloneSilo(name, siloPort, gatewayPort, Process.Start(psi)!, file);
        silo._process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        return silo;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            string stamped = $"{DateTime.UtcNow:HH:mm:ss.fff} {line}";
            _log.AppendLine(stamped);
            _file.WriteLine(stamped);
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the process to end on its own (e.g. a silo refusing a taken port).</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit(); // drains the redirected output
        return true;
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Whether a silo address (or a chunk run's silo name, "S127.0.0.1:port:generation") is this process.</summary>
    public bool Is(SiloAddress address) => address.Endpoint.Port == SiloPort;
    public bool Is(string siloName) => siloName.Contains($":{SiloPort}:", StringComparison.Ordinal);

    /// <summary>Everything the process wrote so far (stdout and stderr, one time-stamped line each).</summary>
    public string Output { get { lock (_log) return _log.ToString(); } }

    /// <summary>The last lines of the process's output.</summary>
    public string Tail(int lines = 40)
    {
        lock (_log)
        {
            var all = _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all.TakeLast(lines));
        }
    }

    /// <summary>SIGKILL, like a crash or a pulled plug: the process gets no chance to checkpoint or leave the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_log) _file.Dispose();
    }
}

/// <summary>
/// A private redis-server for one test: a free loopback port, no persistence, killed at the end. A machine
/// without redis-server fails the test with a message saying how to install it (never a silent skip).
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public int Port { get; }
    public string ConnectionString => $"127.0.0.1:{Port}";

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public static async Task<RedisServer> StartAsync()
    {
        string executable = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server is not on PATH: the Redis membership tests need it (Debian/Ubuntu: apt-get install redis-server; the README's test command, bash tests/run, installs it)");
        int port = EmbeddedSilo.FreePort();
        var psi = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" }) psi.ArgumentList.Add(a);
        var server = new RedisServer(Process.Start(psi)!, port);
        server._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        server._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReady(TimeSpan.FromSeconds(20));
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>Waits for PONG to a PING over the wire protocol.</summary>
    private async Task WaitUntilReady(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited ({_process.ExitCode}): {Output}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                var stream = tcp.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[64];
                int n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
                if (Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal)) return;
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"redis-server on port {Port} did not answer PING within {timeout}: {Output}");
    }

    public string Output { get { lock (_log) return _log.ToString(); } }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}

/// <summary>An Orleans client of a cluster of silo processes, and the waits that the process tests share.</summary>
internal static class ClusterClients
{
    /// <summary>
    /// Connects a client, retrying while the silos start (a client host whose start failed is thrown away,
    /// a new one is built for the next attempt).
    /// </summary>
    public static async Task<IHost> ConnectAsync(Action<IClientBuilder> configure, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.UseOrleansClient(configure);
            var host = builder.Build();
            try
            {
                await host.StartAsync();
                return host;
            }
            catch (Exception) when (clock.Elapsed < timeout)
            {
                host.Dispose();
                await Task.Delay(500);
            }
        }
    }

    public static Action<IClientBuilder> Redis(string connectionString, string clusterId, string serviceId) => c =>
    {
        c.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = serviceId; });
        c.UseRedisClustering(connectionString);
    };

    public static Action<IClientBuilder> Localhost(int[] gatewayPorts, string clusterId, string serviceId) =>
        c => c.UseLocalhostClustering(gatewayPorts, serviceId, clusterId);

    /// <summary>The active silos, once there are exactly <paramref name="count"/>.</summary>
    public static async Task<SiloAddress[]> WaitForActiveSilos(IGrainFactory grains, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        int seen = -1;
        while (clock.Elapsed < timeout)
        {
            try
            {
                var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                seen = hosts.Count;
                if (hosts.Count == count) return [.. hosts.Keys];
            }
            catch (Exception e) { last = e; }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the cluster did not have {count} active silos within {timeout} (last seen: {seen})", last);
    }
}
