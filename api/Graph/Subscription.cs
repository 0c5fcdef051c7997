using System.ComponentModel;
using GraphQL;
using ScenarioGrid.Api.Services;

namespace ScenarioGrid.Api.Graph;

/// <summary>
/// The root subscription type, served over WebSocket (graphql-transport-ws) at the GraphQL endpoint; GraphQL over
/// HTTP refuses subscriptions.
/// </summary>
public sealed class Subscription
{
    [Description("A batch's progress as it runs: a message at once, then whenever trials merge or the status changes, and a last one " +
                 "(final: true) with the terminal status, after which the stream completes. `series` lists (entity, metric, year) " +
                 "triples whose running P50 each message carries (routes, regions and plants; refreshed at each checkpoint). " +
                 "Model v2: `strategy` names the member whose series they are: any member of a strategy-set batch (default: its first, base); " +
                 "for a batch of a single run only the member it ran (or leave it out).")]
    public static IAsyncEnumerable<BatchProgress> BatchProgress([FromServices] ProgressWatcher watcher, CancellationToken cancellationToken,
        [Id] string id, IEnumerable<SeriesKeyInput>? series = null, string? strategy = null)
    {
        var keys = (series ?? []).Select(s => new SeriesKey(s.Entity, s.Metric, s.Year)).ToList();
        return Select(watcher.Watch(id, keys, strategy, cancellationToken), cancellationToken);
    }

    private static async IAsyncEnumerable<BatchProgress> Select(IAsyncEnumerable<ProgressUpdate> updates,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in updates.WithCancellation(cancellationToken)) yield return new BatchProgress(update);
    }
}

[Description("A series whose running P50 batchProgress follows.")]
public sealed class SeriesKeyInput
{
    [Description("A route, region or plant, e.g. route:sulfide.")]
    public string Entity { get; set; } = "";
    [Description("A metric of that entity, e.g. costUsdPerKWh.")]
    public string Metric { get; set; } = "";
    [Description("A year of the horizon.")]
    public int Year { get; set; }
}

[Description("One progress message of a running batch.")]
public sealed class BatchProgress(ProgressUpdate update)
{
    [Id]
    public string BatchId => update.BatchId;
    public Grains.BatchStatus Status => update.Status;
    public long Trials => update.Trials;
    [Description("Trials merged so far.")]
    public long TrialsDone => update.TrialsDone;
    [Description("trialsDone / trials, from 0 to 1.")]
    public double Progress => (double)update.TrialsDone / update.Trials;
    [Description("Throughput while running; trials / run time in the final message; null before any trial merged.")]
    public double? TrialsPerSecond => update.TrialsPerSecond;
    [Description("Seconds to completion at the current throughput; 0 in the final message; null when unknown.")]
    public double? EtaSeconds => update.EtaSeconds;
    public string? Error => update.Error;
    [Description("True on the last message (the batch finished: COMPLETED, FAILED or CANCELLED); the stream completes after it.")]
    public bool Final => update.Final;
    [Description("Model v2: the member whose series this message carries (base or a strategy id) when the file has strategies; null otherwise.")]
    public string? Strategy => update.Strategy;
    [Description("The requested series, in the order asked.")]
    public IEnumerable<RunningP50> Series => update.Series.Select(s => new RunningP50(s));
}

[Description("A series' P50: running (as of the batch's last checkpoint) while the batch runs, the stored one in the final message of a completed batch.")]
public sealed class RunningP50(SeriesP50 point)
{
    public string Entity => point.Key.Entity;
    public string Metric => point.Key.Metric;
    public int Year => point.Key.Year;
    [Description("Trials the statistic covers (the checkpoint's; it lags trialsDone between checkpoints).")]
    public long TrialsDone => point.TrialsDone;
    [Description("Values counted (trials where the metric is defined).")]
    public long Count => point.Count;
    [Description("Null before the first checkpoint, and when no trial defined the metric.")]
    public double? P50 => point.P50;
}
