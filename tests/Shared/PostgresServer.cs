using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ScenarioGrid.Tests.Shared;

/// <summary>
/// A private PostgreSQL server for the tests of one process: initdb'd into a temporary folder, on a free loopback
/// port, started on first use and stopped (and its folder removed) when the process exits. PostgreSQL refuses to
/// run as root, so as root it runs as the user <c>postgres</c> (created when missing). A machine without
/// initdb fails the test with a message saying how to install it (never a silent skip).
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Lazy = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _folder;
    private readonly string _bin;
    private readonly string[] _asUser;

    /// <summary>The server of this test process, started on first use.</summary>
    public static PostgresServer Shared => Lazy.Value;

    public int Port { get; }

    /// <summary>The server's own <c>postgres</c> database, as its superuser (local trust authentication).</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    private PostgresServer(string folder, string bin, string[] asUser, int port)
    {
        _folder = folder;
        _bin = bin;
        _asUser = asUser;
        Port = port;
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=30;Command Timeout=60";

    /// <summary>A new empty database; its connection string.</summary>
    public string CreateDatabase()
    {
        string name = "sg_" + Guid.NewGuid().ToString("N")[..16];
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing whatever still uses it.</summary>
    public void DropDatabase(string connectionString)
    {
        string name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static PostgresServer Start()
    {
        string bin = FindBinaries() ?? throw new InvalidOperationException(
            "initdb is not on PATH nor in /usr/lib/postgresql/*/bin: the PostgreSQL tests need it " +
            "(Debian/Ubuntu: apt-get install postgresql; the README's test command, bash tests/run, installs it)");
        bool root = Environment.UserName == "root";
        if (root) EnsureUser("postgres");
        string[] asUser = root ? ["runuser", "-u", "postgres", "--"] : [];
        RemoveStoppedServers();
        string folder = Path.Combine(Path.GetTempPath(), "sg-postgres-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        if (root) Run(["chown", "postgres", folder], TimeSpan.FromSeconds(10));
        string data = Path.Combine(folder, "data");
        Run([.. asUser, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], TimeSpan.FromSeconds(120));
        int port = FreePort();
        // fsync off: a test server that dies loses its data anyway; the socket in the folder, not /var/run.
        Run([.. asUser, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"], TimeSpan.FromSeconds(90));
        var server = new PostgresServer(folder, bin, asUser, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop()
    {
        try { Run([.. _asUser, Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "immediate", "stop"], TimeSpan.FromSeconds(30)); }
        catch (Exception) { /* the folder goes anyway */ }
        try { Directory.Delete(_folder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>
    /// The folders of earlier test processes whose exit handler was cut short (the test host is ended when the run
    /// is over): a folder whose server is not running (no postmaster.pid) is removed. Tens of MB each.
    /// </summary>
    private static void RemoveStoppedServers()
    {
        foreach (string folder in Directory.GetDirectories(Path.GetTempPath(), "sg-postgres-*"))
        {
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid"))) continue;
            try { Directory.Delete(folder, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private static string? FindBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")));
        if (onPath is not null) return onPath;
        // Debian keeps the server binaries off PATH, one folder per major version: the newest wins.
        const string debian = "/usr/lib/postgresql";
        return Directory.Exists(debian)
            ? Directory.GetDirectories(debian).Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out int v) ? v : 0).FirstOrDefault()
            : null;
    }

    private static void EnsureUser(string name)
    {
        if (Run(["id", "-u", name], TimeSpan.FromSeconds(10), check: false) == 0) return;
        Run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name], TimeSpan.FromSeconds(30));
    }

    private static int Run(string[] command, TimeSpan timeout, bool check = true)
    {
        var psi = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in command.Skip(1)) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish within {timeout}");
        }
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', command)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        return process.ExitCode;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
