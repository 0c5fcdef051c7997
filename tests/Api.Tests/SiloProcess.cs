using System.Diagnostics;
using System.Text;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// scenariogrid-silo (silos/bin, built in this test project's configuration) on its own ports, with further settings
/// (<c>--Key value</c> pairs); killed on dispose.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    // Not the copy in the API's output: that one's deps file lacks the hosting assemblies the API gets from
    // the ASP.NET shared framework.
    private static string Dll => ApiProcess.BuildOutput("silos", "scenariogrid-silo.dll");

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process) => _process = process;

    public static SiloProcess Start(string database, int siloPort, int gatewayPort, string clusterId, params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])
                 [
                     Dll, "--Silo:DatabasePath", database,
                     "--Silo:SiloPort", $"{siloPort}", "--Silo:GatewayPort", $"{gatewayPort}", "--Silo:ClusterId", clusterId,
                     .. settings,
                 ])
            start.ArgumentList.Add(arg);
        var silo = new SiloProcess(Process.Start(start)!);
        silo._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (silo._output) silo._output.AppendLine(e.Data); };
        silo._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (silo._output) silo._output.AppendLine(e.Data); };
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        return silo;
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
