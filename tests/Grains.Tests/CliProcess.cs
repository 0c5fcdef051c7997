using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ScenarioGrid.Grains.Tests;

/// <summary>The real CLI as a child process (its build output sits beside this test project's references).</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stdout = new(), _stderr = new();

    private CliProcess(Process process) => _process = process;

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "scenariogrid.dll");

    public static CliProcess Start(IDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = TestClusters.RepoRoot() };
        psi.ArgumentList.Add(Executable);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var p = new CliProcess(Process.Start(psi)!);
        p._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (p._stdout) p._stdout.AppendLine(e.Data); };
        p._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (p._stderr) p._stderr.AppendLine(e.Data); };
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        return p;
    }

    /// <summary>Runs to the end; returns (exit code, stdout, stderr).</summary>
    public static (int Exit, string Out, string Err) Run(IDictionary<string, string>? environment, params string[] args)
    {
        using var p = Start(environment, args);
        if (!p._process.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(); throw new TimeoutException("CLI did not finish: " + string.Join(' ', args)); }
        p._process.WaitForExit();
        return (p._process.ExitCode, p.Stdout, p.Stderr);
    }

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }
    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the polite stop that kill, systemd and container runtimes send.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && SendSignal(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit(); // drains the redirected output
        return true;
    }

    public int ExitCode => _process.ExitCode;

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
