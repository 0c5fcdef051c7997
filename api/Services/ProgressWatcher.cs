using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using ScenarioGrid.Api.Hosting;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Services;

/// <summary>One (entity, metric, year) whose running P50 a progress stream follows.</summary>
public sealed record SeriesKey(string Entity, string Metric, int Year);

/// <summary>A series' P50 as of <see cref="TrialsDone"/> trials (the checkpoint it comes from); null before the first checkpoint.</summary>
public sealed record SeriesP50(SeriesKey Key, long TrialsDone, long Count, double? P50);

/// <summary>
/// A batch's progress at one moment; <see cref="Final"/> on the last one, sent once the batch has finished.
/// <see cref="Strategy"/>: the member whose series it carries (<see cref="BatchMember.Strategy"/>).
/// </summary>
public sealed record ProgressUpdate(string BatchId, BatchStatus Status, long Trials, long TrialsDone, double? TrialsPerSecond,
    double? EtaSeconds, string? Error, bool Final, IReadOnlyList<SeriesP50> Series, string? Strategy);

/// <summary>
/// The source of <c>subscription batchProgress</c>: asks the batch grain for its view every
/// <see cref="SubscriptionOptions.ProgressInterval"/> and yields an update when something changed, with the P50s of the
/// requested series from the entity grains' running statistics (refreshed at each checkpoint), then a final update
/// with the terminal status (and the stored P50s when the batch completed) and ends. The series are one member's
/// (<see cref="BatchMember"/>): a running strategy-set batch publishes each member's statistics to that member's
/// entity grains, and stores each member's results under its name.
/// A poll rather than an Orleans observer: an observer is lost when the batch grain moves to another silo (a silo dies,
/// the grain is deactivated) and must be re-subscribed on a timer anyway, while one grain call per interval per stream
/// costs tens of microseconds and survives any move; the grain's progress only changes when a unit merges.
/// </summary>
public sealed partial class ProgressWatcher(BatchService batches, ScenarioService scenarios, ResultQueries results, IGrainFactory grains,
    IOptions<SubscriptionOptions> options, ILogger<ProgressWatcher> logger)
{
    /// <summary>
    /// Checks the batch, the member and the series at once (NOT_FOUND, BAD_INPUT reach the client before any stream
    /// starts), then returns the stream.
    /// </summary>
    public IAsyncEnumerable<ProgressUpdate> Watch(string batchId, IReadOnlyList<SeriesKey> series, string? strategy, CancellationToken cancellationToken)
    {
        var batch = batches.Get(batchId) ?? throw ApiErrors.NotFound($"no batch '{batchId}'");
        var member = BatchMember.Of(batch, strategy, scenarios);
        if (series.Count > 0) CheckSeries(batch, member, series);
        return Stream(batch, member, series, cancellationToken);
    }

    private void CheckSeries(BatchRecord batch, BatchMember member, IReadOnlyList<SeriesKey> series)
    {
        var model = scenarios.Model(batch.ScenarioSha256, member.Strategy);
        foreach (var key in series)
        {
            var entity = ResultService.RequireEntity(model, key.Entity);
            if (entity.Kind is not (EntityKind.Route or EntityKind.Region or EntityKind.Plant))
                throw ApiErrors.BadInput($"series entity '{key.Entity}': running statistics are kept for routes, regions and plants only");
            ResultService.RequireMetric(entity, key.Metric);
            ResultService.RequireYear(model, key.Year);
        }
    }

    private async IAsyncEnumerable<ProgressUpdate> Stream(BatchRecord batch, BatchMember member, IReadOnlyList<SeriesKey> series,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var interval = options.Value.ProgressInterval;
        ProgressUpdate? last = null;
        IReadOnlyList<SeriesP50> p50s = [.. series.Select(k => new SeriesP50(k, 0, 0, null))];
        long p50sAt = -1;
        int sent = 0, failures = 0;
        bool ended = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (view, failure) = batch.IsFinished ? (null, null) : await Live(batch.Id, cancellationToken);
                if (failure is not null)
                {
                    // The grain's silo may be dying (the batch resumes elsewhere): keep asking for a while before giving up.
                    if (++failures >= MaxFailures) throw failure;
                    await Task.Delay(interval, cancellationToken);
                    continue;
                }
                failures = 0;
                if (view is null || view.IsFinished)
                {
                    sent++;
                    ended = true;
                    yield return Final(batches.Get(batch.Id) is { IsFinished: true } row ? row : batch, view, member, series);
                    yield break;
                }
                if (series.Count > 0 && view.TrialsDone != p50sAt)
                {
                    // Best effort, as the batch's own push to the entity grains is: on a failure the last P50s stay, asked again next time.
                    if (await RunningP50s(batch, member, series, cancellationToken) is { } fresh)
                    {
                        p50s = fresh;
                        p50sAt = view.TrialsDone;
                    }
                }
                var now = new ProgressUpdate(batch.Id, view.Status, view.Trials, view.TrialsDone, view.TrialsPerSecond > 0 ? view.TrialsPerSecond : null,
                    view.EtaSeconds, view.Error, false, p50s, member.Strategy);
                if (last is null || Changed(last, now))
                {
                    sent++;
                    yield return last = now;
                }
                await Task.Delay(interval, cancellationToken);
            }
        }
        finally
        {
            // Reached when the batch ended, the client completed the operation or left, or the grain call failed.
            LogStreamEnded(logger, batch.Id, sent, ended ? "the batch finished" : cancellationToken.IsCancellationRequested ? "the subscriber left" : "it failed");
        }
    }

    /// <summary>Consecutive failed grain calls after which a stream ends with an error (at the default interval, 10 s).</summary>
    private const int MaxFailures = 20;

    private async Task<(BatchView?, Exception?)> Live(string batchId, CancellationToken cancellationToken)
    {
        try
        {
            return (await batches.Live(batchId, cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogGrainCallFailed(logger, e, batchId);
            return (null, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Progress stream of batch {BatchId}: the batch grain did not answer; asking again")]
    private static partial void LogGrainCallFailed(ILogger logger, Exception exception, string batchId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Progress stream of batch {BatchId} ended after {Messages} messages: {Why}")]
    private static partial void LogStreamEnded(ILogger logger, string batchId, int messages, string why);

    private static bool Changed(ProgressUpdate a, ProgressUpdate b) =>
        a.Status != b.Status || a.TrialsDone != b.TrialsDone || !a.Series.SequenceEqual(b.Series);

    /// <summary>The last update: the stored row's figures (or the grain's when the row lags), and the stored P50s of a completed batch.</summary>
    private ProgressUpdate Final(BatchRecord row, BatchView? view, BatchMember member, IReadOnlyList<SeriesKey> series)
    {
        var status = row.IsFinished ? row.Status : view!.Status;
        long done = row.IsFinished ? row.TrialsDone : view!.TrialsDone;
        double? rate = row.StartedAt is { } s && row.FinishedAt is { } f && f > s && done > 0 ? done / (f - s).TotalSeconds : null;
        IReadOnlyList<SeriesP50> p50s = [.. series.Select(k =>
        {
            var stored = status == BatchStatus.Completed ? results.Series(row.Id, k.Entity, k.Metric, [k.Year], member.RowMember).FirstOrDefault() : null;
            return new SeriesP50(k, done, stored?.Count ?? 0, stored?.P50);
        })];
        return new ProgressUpdate(row.Id, status, row.Trials, done, rate, 0, row.Error ?? view?.Error, true, p50s, member.Strategy);
    }

    /// <summary>
    /// One call per distinct entity: the member's grain of it holds that member's running statistics of the batch's last
    /// checkpoint (the file's own grain for a file without strategies and for base).
    /// </summary>
    private async Task<IReadOnlyList<SeriesP50>?> RunningP50s(BatchRecord batch, BatchMember member, IReadOnlyList<SeriesKey> series,
        CancellationToken cancellationToken)
    {
        var byEntity = new Dictionary<string, Task<EntityResults>>();
        foreach (string entity in series.Select(k => k.Entity).Distinct())
            byEntity[entity] = grains.EntityGrain(batch.ScenarioSha256, entity, member.Strategy).GetRunningResults(batch.Id, cancellationToken);
        try
        {
            await Task.WhenAll(byEntity.Values);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogGrainCallFailed(logger, e, batch.Id);
            return null;
        }
        return [.. series.Select(k =>
        {
            var running = byEntity[k.Entity].Result;
            var point = running.Series.FirstOrDefault(s => s.Metric == k.Metric && s.Year == k.Year);
            return new SeriesP50(k, running.TrialsDone, point?.Count ?? 0, point?.P50);
        })];
    }
}
