using Spectre.Console;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Cli.Output;

/// <summary>
/// Runs a batch on a worker task and shows its progress: a live bar on a terminal, or a plain line on
/// stderr every two seconds when output is redirected (logs, CI).
/// </summary>
public static class ProgressDisplay
{
    public static T Run<T>(string title, long trials, Func<IProgress<BatchProgress>, T> work)
    {
        BatchProgress? latest = null;
        var progress = new Progress(p => Volatile.Write(ref latest, p));
        var task = Task.Factory.StartNew(() => work(progress), TaskCreationOptions.LongRunning);

        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsErrorRedirected && !Console.IsOutputRedirected)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var bar = ctx.AddTask(Markup.Escape(title), maxValue: trials);
                    while (!Finished(task, 100))
                        if (Volatile.Read(ref latest) is { } p) bar.Value = p.TrialsDone;
                    bar.Value = trials;
                });
        }
        else
        {
            while (!Finished(task, 2000))
                if (Volatile.Read(ref latest) is { } p) Console.Error.WriteLine(Describe(p));
        }
        var result = task.GetAwaiter().GetResult();
        if (Volatile.Read(ref latest) is { } last) Console.Error.WriteLine(Describe(last));
        return result;
    }

    /// <summary>Waits up to <paramref name="milliseconds"/>; a faulted or cancelled task counts as finished (its exception surfaces later).</summary>
    private static bool Finished(Task task, int milliseconds) =>
        ((IAsyncResult)task).AsyncWaitHandle.WaitOne(milliseconds) || task.IsCompleted;

    public static string Describe(BatchProgress p) =>
        $"trials {p.TrialsDone:N0}/{p.Trials:N0} ({100.0 * p.TrialsDone / p.Trials:F0} %), " +
        $"{p.TrialsPerSecond:N0} trials/s, elapsed {p.Elapsed.TotalSeconds:F1} s" +
        (p.Eta is { } eta && p.TrialsDone < p.Trials ? $", ETA {eta.TotalSeconds:F0} s" : "");

    /// <summary>Reports on the worker's thread (no synchronisation context), unlike <see cref="Progress{T}"/>.</summary>
    private sealed class Progress(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }
}
