using System.Diagnostics;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Statistics;
using Microsoft.Extensions.Options;
using ScenarioGrid.Grains.Batches;
using ScenarioGrid.Grains.Placement;
using ScenarioGrid.Grains.Scheduling;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Workers;

/// <summary>
/// Runs work units on their own threads, outside the grain's turn, so the silo scheduler is never held by
/// seconds of CPU; one unit at a time per activation, and only with a slot of the silo's <see cref="SlotAdmission"/>,
/// so a silo runs as many units at once as it has cores, whatever the number of batches, and the higher priorities first.
/// </summary>
[SpreadPlacement]
public sealed class SimulationWorkerGrain(ScenarioModels models, SlotAdmission slots, IOptions<BatchOptions> options)
    : Grain, ISimulationWorkerGrain
{
    private ChunkWorker? _worker;
    private BatchAccumulator? _accumulator; // reused unit after unit: tens of MB the GC need not churn
    private StrategySetSink? _setSink;      // a strategy set's unit: every member's kernel and accumulator, reused likewise

    private UnitEstimator? _estimator;
    private (CompiledModel Model, IReadOnlyList<ConvergenceTarget> Targets)? _estimatorFor;

    public async Task<UnitResult> RunUnit(UnitAssignment unit, CancellationToken cancellationToken = default)
    {
        // Waiting for a slot is bounded: past it, the unit goes back to its batch (not a failure) rather than let this
        // call run into the response timeout behind busier, higher-priority batches.
        using var slot = await slots.Enter(unit.Priority, options.Value.SlotWait, cancellationToken);
        if (slot is null) return new UnitResult(unit.UnitIndex, unit.TrialCount, [], RuntimeIdentity, 0, Deferred: true);
        var clock = Stopwatch.StartNew();
        double[]? estimates = null;
        // A dedicated thread, not the thread pool: a unit is seconds of CPU, and the silo's own work
        // (messaging, membership probes, other grains' turns) must never queue behind it. The model is read
        // there too (the first unit of a scenario on this silo reads and compiles it). One unit at a time per
        // activation (no reentrancy), so the worker and accumulator fields are never shared.
        byte[] partial = await Task.Factory.StartNew(() =>
        {
            if (unit.StrategySet)
            {
                // Every member on the unit's trials, here: the paired cross-member statistics need both members'
                // values of a trial in one place (model-spec-v2 §3.3, §5).
                var sink = SetSinkFor(unit);
                sink.Reset();
                sink.RunRange(unit.FirstTrial, unit.TrialCount, cancellationToken);
                return sink.Serialize();
            }
            var worker = WorkerFor(unit);
            var accumulator = _accumulator!;
            accumulator.Reset();
            if (unit.Estimate is { Count: > 0 } targets)
            {
                // A stop-when-converged batch: the unit's own estimates of its targets come back with the partial.
                var sink = EstimatorFor(worker.Model, targets).Wrap(accumulator);
                worker.Run(unit.FirstTrial, unit.TrialCount, sink, cancellationToken);
                estimates = sink.Estimates();
            }
            else worker.Run(unit.FirstTrial, unit.TrialCount, accumulator, cancellationToken);
            return accumulator.Serialize();
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return new UnitResult(unit.UnitIndex, unit.TrialCount, partial, RuntimeIdentity, clock.Elapsed.TotalSeconds, estimates);
    }

    private UnitEstimator EstimatorFor(CompiledModel model, IReadOnlyList<ConvergenceTarget> targets)
    {
        if (_estimator is { } e && _estimatorFor is { } f && ReferenceEquals(f.Model, model) && f.Targets.SequenceEqual(targets)) return e;
        _estimatorFor = (model, targets);
        return _estimator = UnitEstimator.For(model, ConvergenceRule.ToEngine(targets));
    }

    public Task Release(CancellationToken cancellationToken = default)
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private StrategySetSink SetSinkFor(UnitAssignment unit)
    {
        var set = models.Set(unit.ScenarioSha256);
        if (_setSink is { } s && ReferenceEquals(s.Set, set) && s.Seed == (ulong)unit.Seed && s.ChunkSize == unit.ChunkSize) return s;
        _worker = null;
        _accumulator = null;
        return _setSink = set.NewSink((ulong)unit.Seed, unit.ChunkSize);
    }

    private ChunkWorker WorkerFor(UnitAssignment unit)
    {
        var model = models.Get(unit.ScenarioSha256, unit.Strategy);
        if (_worker is { } w && ReferenceEquals(w.Model, model) && w.Seed == (ulong)unit.Seed && w.ChunkSize == unit.ChunkSize)
            return w;
        _setSink = null;
        _worker = new ChunkWorker(model, (ulong)unit.Seed, unit.ChunkSize);
        _accumulator = _worker.NewAccumulator();
        return _worker;
    }
}
