using Microsoft.Extensions.Options;
using ScenarioGrid.Grains.Batches;

namespace ScenarioGrid.Grains.Scheduling;

/// <summary>
/// One per silo: the silo's simulation slots (one per core), granted to the work units of every batch that wait for one.
/// A silo hosts a slot grain per batch per core, so two running batches would otherwise put two unit threads on each
/// core, and an interactive what-if would get only its share of the machine. Here at most <see cref="Slots"/> units run
/// at once, and a freed slot goes to the waiting unit of the priority class with the least use, weighted
/// interactive 16 : normal 4 : overnight 1 (stride scheduling: every grant advances its class's pass by 1/weight; a class
/// that was idle starts at the current pass, so it cannot claim a burst for the time it was idle). Within a class units
/// go first come, first served. An overnight batch therefore keeps about 1/17 of the slots while an interactive one
/// wants them all, and all of them otherwise: no class starves. docs/scheduling.md.
/// </summary>
public sealed class SlotAdmission
{
    private static readonly double[] Weights = [16, 4, 1]; // by BatchPriority: Interactive, Normal, Overnight

    private readonly object _gate = new();
    private readonly LinkedList<Waiter>[] _waiting = [new(), new(), new()];
    private readonly double[] _pass = new double[3];
    private double _now; // the pass of the last grant
    private int _free;

    public SlotAdmission(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Slots = _free = slots;
    }

    public SlotAdmission(IOptions<BatchOptions> options)
        : this(options.Value.SlotsPerSilo > 0 ? options.Value.SlotsPerSilo : Environment.ProcessorCount) { }

    public int Slots { get; }

    /// <summary>Units waiting for a slot, of all classes.</summary>
    public int Waiting
    {
        get { lock (_gate) return _waiting.Sum(w => w.Count); }
    }

    /// <summary>
    /// A slot for a unit of <paramref name="priority"/>, or null when none was granted within <paramref name="wait"/>
    /// (the caller gives the unit back to its batch rather than outwait the grain call's timeout). Dispose the lease when
    /// the unit is done.
    /// </summary>
    public async Task<IDisposable?> Enter(BatchPriority priority, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        int c = (int)priority;
        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (_gate)
        {
            if (_free > 0 && _waiting.All(w => w.Count == 0))
            {
                _free--;
                Charge(c);
                return new Lease(this);
            }
            if (_waiting[c].Count == 0) _pass[c] = Math.Max(_pass[c], _now);
            waiter = new Waiter();
            node = _waiting[c].AddLast(waiter);
        }
        try
        {
            await waiter.Granted.Task.WaitAsync(wait, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_gate)
            {
                if (node.List is not null)
                {
                    node.List.Remove(node);
                    if (e is TimeoutException) return null;
                    throw;
                }
            }
            // Granted meanwhile: the slot is this caller's; give it back on cancellation.
            if (e is OperationCanceledException)
            {
                Release();
                throw;
            }
        }
        return new Lease(this);
    }

    private void Release()
    {
        lock (_gate)
        {
            int best = -1;
            for (int c = 0; c < _waiting.Length; c++)
                if (_waiting[c].Count > 0 && (best < 0 || _pass[c] < _pass[best])) best = c;
            if (best < 0)
            {
                _free++;
                return;
            }
            var first = _waiting[best].First!;
            _waiting[best].RemoveFirst();
            Charge(best);
            first.Value.Granted.TrySetResult();
        }
    }

    private void Charge(int c)
    {
        _now = _pass[c];
        _pass[c] += 1 / Weights[c];
    }

    private sealed class Waiter
    {
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Lease(SlotAdmission owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Release();
        }
    }
}
