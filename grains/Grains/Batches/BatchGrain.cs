using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Persistence;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Batches;

/// <summary>
/// One Monte Carlo batch, and the only writer of its <c>batches</c> row, which is its whole state. Submit stores
/// it and returns; a background loop then keeps every simulation slot of the cluster busy with work units,
/// merges their partial statistics in its own turns (a few ms each) and checkpoints the merged statistics, the
/// finished units and the progress in one transaction. After a crash, Resume (called by every silo's
/// supervisor) continues from the last checkpoint: counter-based random numbers make a redone unit identical
/// to the lost one. A finished batch's activation goes as soon as it is idle: its row says all there is.
/// Before it runs, the cluster's <see cref="IBatchQueueGrain"/> admits it (a limit of running batches, by priority); its
/// units then take turns for each silo's cores with every other batch's (<c>SlotAdmission</c>, docs/scheduling.md). Pause
/// writes its checkpoint with the Paused status; a stop-when-converged batch stops at the unit where its rule is met.
/// </summary>
public sealed partial class BatchGrain(
    BatchStore store,
    ScenarioModels models,
    IOptions<BatchOptions> options,
    ILogger<BatchGrain> logger) : Grain, IBatchGrain
{
    private BatchRecord? _record; // the row as this activation last read or wrote it; null: no such batch
    private BatchRun? _run;
    private Task? _loop;
    private IGrainTimer? _keepAlive;
    private bool _cancelRequested;
    private bool _pauseRequested;
    private bool _unpausedWhileStopping; // Unpause came while the paused loop still drained its units: start again after it
    // Why the loop must stop without finishing the batch, which then stays Running with its last checkpoint for
    // the next activation: this activation is going away (a shutdown, or DirectoryFailure when a dead silo held
    // the grain's directory entry, as SiloFailureTests meets), or its row was changed by someone else.
    private string? _stopReason;
    private bool _superseded;
    private bool Stopping => _stopReason is not null;
    private const int MaxCancelAttempts = 5;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => _record = await store.Load(Id);

    public async Task<BatchView> Submit(BatchRequest request, CancellationToken cancellationToken = default)
    {
        if (_record is not null) return ViewAndLetGoIfDone();
        CompiledModel model;
        try
        {
            if (BatchLimits.Check(request) is { } problem) throw new ArgumentException(problem);
            model = await Task.Run(() => models.Get(request.ScenarioSha256), cancellationToken);
            // Unknown entities, metrics, years and comparisons of the stop rule are refused before anything is stored.
            await Task.Run(() => ConvergenceTargets.Check(models, request), cancellationToken);
            // An unknown strategy, or a set of a file without strategies, is refused here, before anything is stored.
            if (request.StrategySet) await Task.Run(() => models.Set(request.ScenarioSha256), cancellationToken);
            else if (request.Strategy is not null) await Task.Run(() => models.Get(request.ScenarioSha256, request.Strategy), cancellationToken);
        }
        catch (ArgumentException)
        {
            DeactivateOnIdle(); // a refused request leaves no batch, so no activation either
            throw;
        }
        var record = new BatchRecord(Id, model.Scenario.Id, request.ScenarioSha256, request.Seed, request.Trials, request.ChunkSize,
            request.UnitTrials, BatchStatus.Queued, 0, DateTimeOffset.UtcNow, null, null, null, ResultBuilder.ModelVersionOf(model.Scenario),
            ResultBuilder.SoftwareVersion)
        {
            Strategy = request.Strategy, StrategySet = request.StrategySet, Priority = request.Priority, Until = request.Until,
        };
        // Another process on the same file may have created this id first: then its row is the batch.
        _record = await store.Create(record) ? record : await store.Load(Id);
        LogSubmitted(Id, record.ScenarioId, request.Trials, request.Seed, request.Priority);
        if (_record is { IsFinished: false }) Start();
        return View();
    }

    public Task<BatchView> GetStatus(CancellationToken cancellationToken = default) => Task.FromResult(ViewAndLetGoIfDone());

    public async Task<BatchView> Cancel(CancellationToken cancellationToken = default)
    {
        if (_record is null || _record.IsFinished) return ViewAndLetGoIfDone();
        // The row says Cancelled when this call returns, whoever runs the batch. A loop here stops sending units
        // and drops those in flight (its progress up to now is written with the status). A process running the
        // batch elsewhere on the same file sees the row at its next checkpoint and stops; its checkpoints may also
        // change the row under this write: read it again and retry.
        _cancelRequested = true;
        for (int attempt = 0; _record is { IsFinished: false } && attempt < MaxCancelAttempts; attempt++)
            if (await Finish(BatchStatus.Cancelled, null)) break;
        // Its place goes now, not when the units in flight have drained (its loop tells the queue again when it ends).
        if (_record is { Status: BatchStatus.Cancelled }) await LeaveQueue();
        return ViewAndLetGoIfDone();
    }

    public Task<BatchView> Resume(CancellationToken cancellationToken = default)
    {
        if (_record is { IsFinished: false } && _record.Status != BatchStatus.Paused && _loop is null && !_superseded) Start();
        return Task.FromResult(ViewAndLetGoIfDone());
    }

    public async Task<BatchView> Pause(CancellationToken cancellationToken = default)
    {
        if (_record is null || !_record.Status.CanBecome(BatchStatus.Paused)) return ViewAndLetGoIfDone();
        // Like a cancel, the row says Paused when this call returns; unlike it, the progress merged so far is checkpointed in
        // the same write, and the loop stops sending units and drops those in flight (their trials are redone on resume).
        _pauseRequested = true;
        for (int attempt = 0; _record is { } r && r.Status.CanBecome(BatchStatus.Paused) && attempt < MaxCancelAttempts; attempt++)
        {
            var (checkpoint, runs) = _run is { } run && _loop is not null ? run.TakeCheckpoint() : (null, null);
            var paused = r with { Status = BatchStatus.Paused, PausedAt = DateTimeOffset.UtcNow, TrialsDone = checkpoint?.TrialsDone ?? r.TrialsDone };
            if (await Write(paused, checkpoint, runs))
            {
                if (runs is not null) _run?.MarkSaved(runs);
                LogPaused(Id, paused.TrialsDone);
                break;
            }
        }
        if (_record?.Status != BatchStatus.Paused) _pauseRequested = false; // finished or changed meanwhile: nothing paused
        else await LeaveQueue(); // its place goes now; units in flight drain meanwhile, their results dropped
        return View();
    }

    public async Task<BatchView> Unpause(CancellationToken cancellationToken = default)
    {
        if (_record is not { Status: BatchStatus.Paused } r) return ViewAndLetGoIfDone();
        if (!await Write(r with { Status = BatchStatus.Queued, PausedAt = null })) return ViewAndLetGoIfDone();
        LogUnpaused(Id);
        if (_loop is null)
        {
            _pauseRequested = false;
            _superseded = false;
            Start();
        }
        else _unpausedWhileStopping = true;
        return View();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopReason ??= $"activation deactivated: {reason.ReasonCode}";
        if (_loop is { } loop) await Task.WhenAny(loop, Task.Delay(Timeout.Infinite, cancellationToken));
    }

    /// <summary>Starts the background loop. Its continuations run as turns of this activation.</summary>
    private void Start()
    {
        // Keep the activation alive while the loop runs, even when nobody calls it; disposed when the loop ends.
        _keepAlive ??= this.RegisterGrainTimer(static () => Task.CompletedTask, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromMinutes(1), Period = TimeSpan.FromMinutes(1), KeepAlive = true, Interleave = true,
        });
        _loop = RunLoop();
    }

    private async Task RunLoop()
    {
        int slots = 0;
        bool admitted = false;
        try
        {
            var request = _record!.Request;
            // A batch that ran before (a restart) continues at once; a queued one waits for the queue, which calls Resume
            // when its turn comes (and the supervisors call it every few seconds anyway).
            admitted = await Queue.TryStart(Id, request.Priority, _record.CreatedAt, continuing: _record.Status == BatchStatus.Running);
            if (!admitted || _record is not { Status: BatchStatus.Queued or BatchStatus.Running } || _cancelRequested || _pauseRequested)
            {
                if (!admitted) LogWaiting(Id, request.Priority);
                // Cancelled or paused while it asked: the queue must not keep it waiting (nor wake it) for nothing.
                if (!admitted && (_cancelRequested || _pauseRequested || _record is not { Status: BatchStatus.Queued })) await LeaveQueue();
                return;
            }
            var empty = await Task.Run(() => BatchStatistics.For(models, request));
            _run = BatchRun.Restore(Id, request, empty, await store.LoadCheckpoint(Id));
            if (_record.Status == BatchStatus.Queued
                && !await Write(_record with { Status = BatchStatus.Running, StartedAt = _record.StartedAt ?? DateTimeOffset.UtcNow }))
            {
                Supersede();
                return;
            }
            LogStarted(Id, _run.UnitsDone, request.UnitCount);
            slots = await SlotCount();
            bool complete = await Dispatch(_run, slots);
            if (Stopping)
            {
                if (!_superseded) await Checkpoint(_run, publish: false);
                LogInterrupted(null, Id, _stopReason!);
            }
            else if (complete)
            {
                // The final results, status and the last unit placements commit together; entity grains need no
                // final push: clients read final results from the result tables.
                var document = await Task.Run(() => _run.Merged.Build(request.Seed));
                if (_run.Converged) LogConverged(Id, _run.UnitsDone, _run.TrialsDone);
                if (!await Finish(BatchStatus.Completed, null, document)) Supersede();
            }
            else if (_pauseRequested || _record?.Status == BatchStatus.Paused)
            {
                // Paused: the Pause call wrote the checkpoint and the status; the units merged since are redone on resume.
            }
            else if (_record is { IsFinished: false } && !await Finish(BatchStatus.Cancelled, null))
            {
                Supersede(); // (a Cancel call has already written Cancelled when the row is finished)
            }
        }
        catch (Exception e) when (Stopping)
        {
            LogInterrupted(e, Id, _stopReason!);
        }
        catch (Exception e)
        {
            LogFailed(e, Id);
            try { await Finish(BatchStatus.Failed, e.Message); }
            catch (Exception again) { LogFailed(again, Id); }
        }
        finally
        {
            _loop = null;
            _keepAlive?.Dispose();
            _keepAlive = null;
            if (!Stopping) await ReleaseSlots(slots);
            // A batch stopped by a shutdown still runs, elsewhere soon: its place stays until the lease runs out or it re-registers.
            if (admitted && !(Stopping && !_superseded)) await LeaveQueue();
            if (_unpausedWhileStopping && !Stopping)
            {
                _unpausedWhileStopping = false;
                _pauseRequested = false;
                _superseded = false;
                Start();
            }
            else if (_record is null || _record.IsFinished || _superseded) DeactivateOnIdle();
        }
    }

    private IBatchQueueGrain Queue => GrainFactory.GetGrain<IBatchQueueGrain>(0);

    /// <summary>Best effort: the queue also forgets a running batch it has not heard of for a lease time.</summary>
    private async Task LeaveQueue()
    {
        try { await Queue.Left(Id); }
        catch (Exception e) { LogQueueCallFailed(e, Id); }
    }

    /// <summary>Keeps each slot busy with one unit until every unit is merged; false when cancelled or stopping.</summary>
    private async Task<bool> Dispatch(BatchRun run, int slots)
    {
        // Lowest index first, retries included: a stop-when-converged batch merges in index order, so a redone unit must
        // not wait behind the rest of the batch while the units after it pile up in memory.
        var pending = new PriorityQueue<int, int>(run.PendingUnits().Select(u => (u, u)));
        var inFlight = new Dictionary<Task<UnitResult>, (int Unit, int Slot)>();
        var attempts = new Dictionary<int, int>();
        var unreachable = new Dictionary<int, int>();
        var lastCheckpoint = Stopwatch.StartNew();

        void Send(int slot)
        {
            if (pending.Count == 0 || _cancelRequested || _pauseRequested || Stopping || run.IsComplete) return;
            int unit = pending.Dequeue();
            inFlight.Add(Slot(slot).RunUnit(run.Assignment(unit)), (unit, slot));
        }

        // Two units queued per slot: a slot starts its next unit the moment it finishes one, without
        // waiting for this grain to receive and merge the result.
        for (int depth = 0; depth < 2; depth++)
            for (int slot = 0; slot < slots; slot++) Send(slot);
        while (inFlight.Count > 0)
        {
            var done = await Task.WhenAny(inFlight.Keys);
            var (unit, slotOfUnit) = inFlight[done];
            inFlight.Remove(done);
            if (done.IsCompletedSuccessfully && done.Result.Deferred)
            {
                // The silo's slots went to higher priorities for a while: send it again, not a failure.
                pending.Enqueue(unit, unit);
                Send(slotOfUnit);
                continue;
            }
            if (done.IsCompletedSuccessfully)
            {
                Send(slotOfUnit); // before the merge, so the slot computes while this turn merges
                if (!_pauseRequested) run.Merge(done.Result); // after a pause's checkpoint nothing more is kept
            }
            else if (Stopping) continue; // the unit died with its silo's shutdown: the next run redoes it
            else if (UnitFailures.IsUnreachableSilo(done.Exception))
            {
                // The slot's silo cannot be reached: killed, and not yet declared dead (10–20 s), so the slot still
                // resolves to it and every call fails at once. Not the unit's fault: it waits, with a growing pause,
                // and is sent again to the slot, which is re-placed on a live silo once the death is declared.
                int waits = unreachable[unit] = unreachable.GetValueOrDefault(unit) + 1;
                LogUnitFailed(done.Exception?.GetBaseException(), Id, unit, waits);
                if (waits >= UnitFailures.MaxUnreachableWaits)
                    throw new InvalidOperationException($"unit {unit}: its silo was unreachable {waits} times: {done.Exception?.GetBaseException().Message}");
                inFlight.Add(SendLater(slotOfUnit, run.Assignment(unit), UnitFailures.Pause(waits)), (unit, slotOfUnit));
            }
            else
            {
                int tries = attempts[unit] = attempts.GetValueOrDefault(unit) + 1;
                LogUnitFailed(done.Exception?.GetBaseException(), Id, unit, tries);
                if (tries >= options.Value.MaxUnitAttempts)
                    throw new InvalidOperationException($"unit {unit} failed {tries} times: {done.Exception?.GetBaseException().Message}");
                pending.Enqueue(unit, unit); // a slot on a dead silo is re-placed on a live one at its next call
            }
            if (lastCheckpoint.Elapsed >= options.Value.CheckpointInterval && !Stopping)
            {
                if (!await Checkpoint(run)) Supersede();
                lastCheckpoint.Restart();
            }
            if (!done.IsCompletedSuccessfully && !UnitFailures.IsUnreachableSilo(done.Exception)) Send(slotOfUnit);
        }
        return !_cancelRequested && !_pauseRequested && !Stopping && run.IsComplete;
    }

    private async Task<UnitResult> SendLater(int slot, UnitAssignment assignment, TimeSpan pause)
    {
        await Task.Delay(pause);
        return await Slot(slot).RunUnit(assignment);
    }

    private ISimulationWorkerGrain Slot(int slot) => GrainFactory.GetGrain<ISimulationWorkerGrain>($"{Id}/{slot}");

    private async Task<int> SlotCount()
    {
        int perSilo = options.Value.SlotsPerSilo > 0 ? options.Value.SlotsPerSilo : Environment.ProcessorCount;
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return Math.Max(1, hosts.Count) * perSilo;
    }

    /// <summary>Each slot holds tens of MB of accumulators: let them go now rather than at idle collection. Best effort.</summary>
    private async Task ReleaseSlots(int slots)
    {
        try { await Task.WhenAll(Enumerable.Range(0, slots).Select(s => Slot(s).Release())); }
        catch (Exception e) { LogReleaseFailed(e, Id); }
    }

    /// <summary>
    /// Serialises the merged statistics in this turn (so the snapshot is consistent), then writes them, the
    /// finished-unit set, the unit placements and the progress in one transaction on the thread pool.
    /// </summary>
    /// <returns>False when the row was changed by someone else (nothing written).</returns>
    private async Task<bool> Checkpoint(BatchRun run, bool publish = true)
    {
        if (_record!.IsFinished || _pauseRequested) return true; // cancelled or paused by a call meanwhile: nothing more to keep
        var (checkpoint, newRuns) = run.TakeCheckpoint();
        if (!await Write(_record! with { TrialsDone = checkpoint.TrialsDone }, checkpoint, newRuns)) return false;
        run.MarkSaved(newRuns);
        try { await Queue.StillRunning(Id); } // refreshes this batch's place in the queue (a lease)
        catch (Exception e) { LogQueueCallFailed(e, Id); }
        if (publish && !run.IsComplete && !_cancelRequested)
            await PublishToEntities(await Task.Run(() => run.Merged.RunningMembers(run.Request.Seed)));
        return true;
    }

    /// <summary>
    /// Each route, region, plant and option grain of each member gets its slice of the running statistics. Best effort: the slices
    /// are an in-memory live view that the next checkpoint replaces (and final results come from the result
    /// tables), so a failed push is logged and the batch goes on. An entity grain may live on a silo that has
    /// just died: until the cluster declares that silo dead, calls to it fail, and one such failure used to
    /// fail the whole batch (found by SiloFailureTests, killing a silo mid-batch).
    /// </summary>
    private async Task PublishToEntities(IReadOnlyList<MemberRunning> members)
    {
        var calls = EntityResultsSlicer.Slices(Id, members)
            .Select(e => e.Grain(GrainFactory, _record!.ScenarioSha256).PublishRunning(Id, e.Results)).ToList();
        try
        {
            await Task.WhenAll(calls);
        }
        catch (Exception)
        {
            var failed = calls.Where(c => c.IsFaulted).ToList();
            LogPublishFailed(failed.FirstOrDefault()?.Exception?.GetBaseException(), Id, failed.Count, calls.Count);
        }
    }

    /// <summary>The final status, with the last unit placements and (when completed) the results, in one write.</summary>
    /// <returns>False when the batch cannot take that status, or its row was changed by someone else (nothing written).</returns>
    private async Task<bool> Finish(BatchStatus status, string? error, BatchDocument? result = null)
    {
        if (_record is null || !_record.Status.CanBecome(status)) return false;
        var runs = _run?.UnsavedRuns;
        var final = _record with
        {
            Status = status, Error = error, FinishedAt = DateTimeOffset.UtcNow, TrialsDone = _run?.TrialsDone ?? _record.TrialsDone,
            PausedAt = null, Converged = status == BatchStatus.Completed && _run is { Converged: true },
        };
        if (!await Write(final, null, runs, result)) return false;
        LogFinished(Id, status);
        return true;
    }

    /// <summary>
    /// Writes the row's next state (with what goes with it). False when the stored row was changed by someone
    /// else since this activation read it: nothing is written, and the stored row becomes this activation's view.
    /// </summary>
    private async Task<bool> Write(BatchRecord next, Checkpoint? checkpoint = null, IReadOnlyList<UnitRun>? runs = null,
        BatchDocument? result = null)
    {
        long version = _record!.Version;
        if (await store.Save(next with { Version = version }, checkpoint, runs, result?.Single, result?.Set))
        {
            // A call (Cancel) may have read and written the row while this write was on its way: then its
            // state is the newer one, and stays.
            if (_record?.Version == version) _record = next with { Version = version + 1 };
            return true;
        }
        _record = await store.Load(Id);
        LogSuperseded(Id, _record?.Status);
        return false;
    }

    /// <summary>Someone else changed the row this loop runs from: the loop stops, and the activation goes when idle.</summary>
    private void Supersede()
    {
        _superseded = true;
        _stopReason ??= "its row was changed by another writer";
    }

    private BatchView ViewAndLetGoIfDone()
    {
        var view = View();
        if (_loop is null && (_record is null || _record.IsFinished)) DeactivateOnIdle();
        return view;
    }

    private BatchView View()
    {
        if (_record is not { } r)
            return new BatchView(Id, "", "", BatchStatus.Failed, 0, 0, 0, 0, null, 0, 0, DateTimeOffset.MinValue, null, null,
                "no such batch", ResultBuilder.ModelVersion, ResultBuilder.SoftwareVersion);
        bool running = _loop is not null && _run is not null && !r.IsFinished;
        long done = running ? _run!.TrialsDone : r.TrialsDone;
        double rate = running ? _run!.TrialsPerSecond : 0;
        double? eta = rate > 0 ? (r.Trials - done) / rate : null;
        return new BatchView(Id, r.ScenarioId, r.ScenarioSha256, r.Status, r.Seed, r.Trials, done, rate, eta, r.ChunkSize,
            r.UnitTrials, r.CreatedAt, r.StartedAt, r.FinishedAt, r.Error, r.ModelVersion, r.SoftwareVersion, r.Strategy, r.StrategySet,
            r.Priority, r.Until, r.Converged);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: submitted, scenario {ScenarioId}, {Trials} trials, seed {Seed}, priority {Priority}")]
    private partial void LogSubmitted(string batchId, string scenarioId, long trials, long seed, BatchPriority priority);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: queued ({Priority}); it starts when the queue has room")]
    private partial void LogWaiting(string batchId, BatchPriority priority);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: paused at {TrialsDone} trials")]
    private partial void LogPaused(string batchId, long trialsDone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: resumed from pause; queued")]
    private partial void LogUnpaused(string batchId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: converged after {Units} units ({Trials} trials); stopping")]
    private partial void LogConverged(string batchId, int units, long trials);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId}: a call to the batch queue failed; its lease there runs out by itself")]
    private partial void LogQueueCallFailed(Exception e, string batchId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: running, {UnitsDone} of {Units} units already done")]
    private partial void LogStarted(string batchId, int unitsDone, int units);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId}: unit {Unit} failed (attempt {Attempt}); it will be redone")]
    private partial void LogUnitFailed(Exception? e, string batchId, int unit, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId}: running statistics not delivered to {Failed} of {Entities} entity grains; the next checkpoint sends them again")]
    private partial void LogPublishFailed(Exception? e, string batchId, int failed, int entities);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: interrupted ({Reason}); it resumes from its last checkpoint")]
    private partial void LogInterrupted(Exception? e, string batchId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId}: its row was changed by another activation or process (now {Status}); nothing written")]
    private partial void LogSuperseded(string batchId, BatchStatus? status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId}: releasing its simulation slots failed; they go when idle")]
    private partial void LogReleaseFailed(Exception e, string batchId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {BatchId}: failed")]
    private partial void LogFailed(Exception e, string batchId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: {Status}")]
    private partial void LogFinished(string batchId, BatchStatus status);
}
