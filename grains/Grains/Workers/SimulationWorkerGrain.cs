using System.Diagnostics;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Grains.Placement;
using ScenarioGrid.Grains.Scenarios;

namespace ScenarioGrid.Grains.Workers;

/// <summary>
/// Runs work units on their own threads, outside the grain's turn, so the silo scheduler is never held by
/// seconds of CPU; one unit at a time per activation, so a silo runs as many units at once as it hosts
/// slots (one per core).
/// </summary>
[SpreadPlacement]
public sealed class SimulationWorkerGrain(ScenarioCatalog catalog) : Grain, ISimulationWorkerGrain
{
    private ChunkWorker? _worker;

    public async Task<UnitResult> RunUnit(UnitAssignment unit, CancellationToken cancellationToken = default)
    {
        var worker = WorkerFor(unit);
        var clock = Stopwatch.StartNew();
        // A dedicated thread, not the thread pool: a unit is seconds of CPU, and the silo's own work
        // (messaging, membership probes, other grains' turns) must never queue behind it.
        byte[] partial = await Task.Factory.StartNew(() =>
        {
            var accumulator = worker.NewAccumulator();
            worker.Run(unit.FirstTrial, unit.TrialCount, accumulator, cancellationToken);
            return accumulator.Serialize();
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return new UnitResult(unit.UnitIndex, unit.TrialCount, partial, RuntimeIdentity, clock.Elapsed.TotalSeconds);
    }

    private ChunkWorker WorkerFor(UnitAssignment unit)
    {
        var model = catalog.Get(unit.ScenarioSha256);
        if (_worker is { } w && ReferenceEquals(w.Model, model) && w.Seed == (ulong)unit.Seed && w.ChunkSize == unit.ChunkSize)
            return w;
        return _worker = new ChunkWorker(model, (ulong)unit.Seed, unit.ChunkSize);
    }
}
