namespace ScenarioGrid.Cli.Commands;

/// <summary>Turns the first Ctrl+C into a cancellation of the running batch (the second one kills the process).</summary>
internal static class CancelOnCtrlC
{
    public static CancellationTokenSource Create()
    {
        var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (cts.IsCancellationRequested) return;
            e.Cancel = true;
            Console.Error.WriteLine("cancelling…");
            cts.Cancel();
        };
        return cts;
    }
}
