using System.Runtime.InteropServices;

namespace ScenarioGrid.Cli.Commands;

/// <summary>
/// Turns the first Ctrl+C (SIGINT) or SIGTERM into a cancellation of the command's work; a second Ctrl+C kills
/// the process. SIGTERM is what `kill`, systemd and container runtimes send to stop an overnight run: it must
/// leave the batch at its last checkpoint, resumable, as Ctrl+C does, not lose the trials since the last one.
/// </summary>
internal sealed class CancelOnInterrupt : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration _sigterm;

    private CancelOnInterrupt()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true; // the command returns normally once its work has stopped
            Cancel();
        });
    }

    public static CancelOnInterrupt Create() => new();

    public CancellationToken Token => _cts.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_cts.IsCancellationRequested) return;
        e.Cancel = true;
        Cancel();
    }

    private void Cancel()
    {
        if (_cts.IsCancellationRequested) return;
        Console.Error.WriteLine("cancelling…");
        _cts.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm.Dispose();
        _cts.Dispose();
    }
}
