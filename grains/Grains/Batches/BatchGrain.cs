using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Grains.Scenarios;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Grains.Batches;

/// <summary>
/// One Monte Carlo batch. Submit stores it and returns; a background loop then keeps every simulation
/// slot of the cluster busy with work units, merges their partial statistics in its own turns (a few ms
/// each) and checkpoints the merged statistics with the set of finished units. After a crash, Resume
/// (called by the silo's supervisor) continues from the last checkpoint: counter-based random numbers
/// make a redone unit identical to the lost one.
/// </summary>
public sealed partial class BatchGrain(
    [PersistentState("batch", SiloStorage.Name)] IPersistentState<BatchGrainState> state,
    ScenarioCatalog catalog,
    BatchStore batches,
    CheckpointStore checkpoints,
    ResultStore results,
    IOptions<BatchOptions> options,
    ILogger<BatchGrain> logger) : Grain, IBatchGrain
{
    private BatchRun? _run;
    private Task? _loop;
    private bool _cancelRequested;
    // Why the activation is going away, set when it starts to: the loop then stops without finishing the batch,
    // which stays Running with its last checkpoint for the next silo (or `resume`) to continue. Not always a
    // shutdown: Orleans also deactivates a grain whose grain-directory entry was held by a silo that died
    // (DirectoryFailure), which SiloFailureTests meets when the killed silo held the batch grain's entry.
    private string? _stopReason;
    private bool Stopping => _stopReason is not null;

    private string Id => this.GetPrimaryKeyString();

    public async Task<BatchView> Submit(BatchRequest request, CancellationToken cancellationToken = default)
    {
        if (state.RecordExists) return View();
        Validate(request);
        var scenario = catalog.GetStored(request.ScenarioSha256);
        state.State = new BatchGrainState
        {
            Request = request, ScenarioId = scenario.Id, Phase = BatchPhase.Queued, CreatedAt = DateTimeOffset.UtcNow,
            SoftwareVersion = ResultBuilder.SoftwareVersion,
        };
        batches.Insert(ToRecord(state.State));
        await state.WriteStateAsync(cancellationToken);
        LogSubmitted(Id, scenario.Id, request.Trials, request.Seed);
        Start();
        return View();
    }

    public Task<BatchView> GetStatus(CancellationToken cancellationToken = default) => Task.FromResult(View());

    public async Task<BatchView> Cancel(CancellationToken cancellationToken = default)
    {
        if (!state.RecordExists || IsFinished) return View();
        _cancelRequested = true;
        batches.RequestCancel(Id);
        if (_loop is null) await Finish(BatchPhase.Cancelled, null);
        return View();
    }

    public Task<BatchView> Resume(CancellationToken cancellationToken = default)
    {
        if (state.RecordExists && !IsFinished && _loop is null) Start();
        return Task.FromResult(View());
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopReason = reason.ReasonCode.ToString();
        if (_loop is { } loop) await Task.WhenAny(loop, Task.Delay(Timeout.Infinite, cancellationToken));
    }

    private bool IsFinished => state.State.Phase is BatchPhase.Completed or BatchPhase.Failed or BatchPhase.Cancelled;

    private static void Validate(BatchRequest r)
    {
        if (r.Trials < 1) throw new ArgumentException("trials must be at least 1");
        if (r.Seed < 0 || r.Seed >= 1L << 53) throw new ArgumentException("seed must be a whole number 0 ≤ seed < 2^53");
        if (r.ChunkSize is < 1 or > 1 << 20) throw new ArgumentException("chunk size must be from 1 to 1048576");
        if (r.UnitTrials < r.ChunkSize) throw new ArgumentException("unit trials must be at least the chunk size");
    }

    /// <summary>Starts the background loop. Its continuations run as turns of this activation.</summary>
    private void Start()
    {
        // Keep the activation alive while the loop runs, even when nobody calls it.
        this.RegisterGrainTimer(_ => Task.CompletedTask, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromMinutes(1), Period = TimeSpan.FromMinutes(1), KeepAlive = true, Interleave = true,
        });
        _loop = RunLoop();
    }

    private async Task RunLoop()
    {
        try
        {
            var request = state.State.Request!;
            if (batches.IsCancelRequested(Id))
            {
                // Cancelled from outside (the CLI's cancel) while no silo was running it.
                await Finish(BatchPhase.Cancelled, null);
                return;
            }
            var model = catalog.Get(request.ScenarioSha256);
            _run = BatchRun.Restore(Id, model, request, checkpoints.Load(Id));
            if (state.State.Phase == BatchPhase.Queued)
            {
                state.State.Phase = BatchPhase.Running;
                state.State.StartedAt = DateTimeOffset.UtcNow;
                batches.SetStatus(Id, BatchStatus.Running, null);
                await state.WriteStateAsync();
            }
            LogStarted(Id, _run.UnitsDone, request.UnitCount);
            bool finished = await Dispatch(_run, request);
            if (Stopping)
            {
                await Checkpoint(_run, publish: false);
                LogInterrupted(null, Id, _stopReason!);
            }
            else if (finished)
            {
                // The result tables and the last placements are written side by side; the entity grains need
                // no final push: they read final results from the tables (and drop their running view).
                var result = await Task.Run(() => ResultBuilder.Build(model, _run.Merged, request.Seed));
                await Task.WhenAll(Task.Run(() => results.Save(Id, result)), Checkpoint(_run, publish: false));
                await Finish(BatchPhase.Completed, null);
            }
            else
            {
                await Checkpoint(_run);
                await Finish(BatchPhase.Cancelled, null);
            }
        }
        catch (Exception e) when (Stopping)
        {
            LogInterrupted(e, Id, _stopReason!);
        }
        catch (Exception e)
        {
            LogFailed(e, Id);
            await Finish(BatchPhase.Failed, e.Message);
        }
        finally
        {
            _loop = null;
        }
    }

    /// <summary>Keeps each slot busy with one unit until every unit is merged; false when cancelled.</summary>
    private async Task<bool> Dispatch(BatchRun run, BatchRequest request)
    {
        int slots = await SlotCount();
        var pending = new Queue<int>(run.PendingUnits());
        var inFlight = new Dictionary<Task<UnitResult>, (int Unit, int Slot)>();
        var attempts = new Dictionary<int, int>();
        var lastCheckpoint = Stopwatch.StartNew();

        void Send(int slot)
        {
            if (pending.Count == 0 || _cancelRequested || Stopping) return;
            int unit = pending.Dequeue();
            var worker = GrainFactory.GetGrain<ISimulationWorkerGrain>($"{Id}/{slot}");
            inFlight.Add(worker.RunUnit(run.Assignment(unit)), (unit, slot));
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
            if (done.IsCompletedSuccessfully)
            {
                Send(slotOfUnit); // before the merge, so the slot computes while this turn merges
                run.Merge(done.Result);
            }
            else if (Stopping) continue; // the unit died with its silo's shutdown: the next run redoes it
            else
            {
                int tries = attempts[unit] = attempts.GetValueOrDefault(unit) + 1;
                LogUnitFailed(done.Exception?.GetBaseException(), Id, unit, tries);
                if (tries >= options.Value.MaxUnitAttempts)
                    throw new InvalidOperationException($"unit {unit} failed {tries} times: {done.Exception?.GetBaseException().Message}");
                pending.Enqueue(unit); // a slot on a dead silo is re-placed on a live one at its next call
            }
            if (lastCheckpoint.Elapsed >= options.Value.CheckpointInterval)
            {
                await Checkpoint(run);
                _cancelRequested |= batches.IsCancelRequested(Id);
                lastCheckpoint.Restart();
            }
            if (!done.IsCompletedSuccessfully) Send(slotOfUnit);
        }
        return !_cancelRequested && run.IsComplete;
    }

    private async Task<int> SlotCount()
    {
        int perSilo = options.Value.SlotsPerSilo > 0 ? options.Value.SlotsPerSilo : Environment.ProcessorCount;
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return Math.Max(1, hosts.Count) * perSilo;
    }

    /// <summary>
    /// Serialises the merged statistics in this turn (so the snapshot is consistent), then writes them,
    /// the finished-unit set and the unit placements in one SQLite transaction on the thread pool.
    /// </summary>
    private async Task Checkpoint(BatchRun run, bool publish = true)
    {
        var (checkpoint, newRuns) = run.TakeCheckpoint();
        await Task.Run(() => checkpoints.Save(checkpoint, newRuns));
        run.MarkSaved(newRuns);
        if (publish && !run.IsComplete && !_cancelRequested)
            await PublishToEntities(await Task.Run(() => ResultBuilder.Build(run.Model, run.Merged, run.Request.Seed)));
    }

    /// <summary>
    /// Each route, region and plant grain gets its slice of the running statistics. Best effort: the slices
    /// are an in-memory live view that the next checkpoint replaces (and final results come from the result
    /// tables), so a failed push is logged and the batch goes on. An entity grain may live on a silo that has
    /// just died: until the cluster declares that silo dead, calls to it fail, and one such failure used to
    /// fail the whole batch (found by SiloFailureTests, killing a silo mid-batch).
    /// </summary>
    private async Task PublishToEntities(BatchResult result)
    {
        var calls = EntityResultsSlicer.Slices(Id, result, final: false)
            .Select(e => e.Grain(GrainFactory, state.State.Request!.ScenarioSha256).PublishRunning(Id, e.Results)).ToList();
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

    private async Task Finish(BatchPhase phase, string? error)
    {
        state.State.Phase = phase;
        state.State.Error = error;
        state.State.FinishedAt = DateTimeOffset.UtcNow;
        batches.SetStatus(Id, Enum.Parse<BatchStatus>(phase.ToString()), error);
        await state.WriteStateAsync();
        LogFinished(Id, phase);
    }

    private BatchView View()
    {
        var s = state.State;
        var r = s.Request;
        if (!state.RecordExists || r is null)
            return new BatchView(Id, "", "", BatchPhase.Failed, 0, 0, 0, 0, null, 0, 0, DateTimeOffset.MinValue, null, null,
                "no such batch", ResultBuilder.ModelVersion, ResultBuilder.SoftwareVersion);
        long done = _run?.TrialsDone ?? checkpoints.Load(Id)?.TrialsDone ?? 0;
        double rate = _run?.TrialsPerSecond ?? 0;
        double? eta = rate > 0 && !IsFinished ? (r.Trials - done) / rate : null;
        return new BatchView(Id, s.ScenarioId, r.ScenarioSha256, s.Phase, r.Seed, r.Trials, done, rate, eta, r.ChunkSize,
            r.UnitTrials, s.CreatedAt, s.StartedAt, s.FinishedAt, s.Error, ResultBuilder.ModelVersion, s.SoftwareVersion);
    }

    private BatchRecord ToRecord(BatchGrainState s) => new(
        Id, s.ScenarioId, s.Request!.ScenarioSha256, s.Request.Seed, s.Request.Trials, s.Request.ChunkSize,
        s.Request.UnitCount, BatchStatus.Queued, 0, s.CreatedAt, null, null, null, ResultBuilder.ModelVersion,
        s.SoftwareVersion, false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: submitted, scenario {ScenarioId}, {Trials} trials, seed {Seed}")]
    private partial void LogSubmitted(string batchId, string scenarioId, long trials, long seed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: running, {UnitsDone} of {Units} units already done")]
    private partial void LogStarted(string batchId, int unitsDone, int units);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId}: unit {Unit} failed (attempt {Attempt}); it will be redone")]
    private partial void LogUnitFailed(Exception? e, string batchId, int unit, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId}: running statistics not delivered to {Failed} of {Entities} entity grains; the next checkpoint sends them again")]
    private partial void LogPublishFailed(Exception? e, string batchId, int failed, int entities);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: interrupted (activation deactivated: {Reason}); it resumes from its last checkpoint")]
    private partial void LogInterrupted(Exception? e, string batchId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {BatchId}: failed")]
    private partial void LogFailed(Exception e, string batchId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: {Phase}")]
    private partial void LogFinished(string batchId, BatchPhase phase);
}
