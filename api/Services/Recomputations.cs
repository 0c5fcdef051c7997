using Microsoft.Extensions.Options;
using ScenarioGrid.Api.Hosting;

namespace ScenarioGrid.Api.Services;

/// <summary>
/// The guard on fields that recompute with the engine (<c>compare</c>, <c>sensitivity</c>, <c>trial</c>): at most
/// <see cref="ApiOptions.MaxConcurrentRecomputations"/> run at once; a result is kept per (batch, field, arguments), so
/// the same question asked again, or by thirty aliases of one request, is computed once. A batch's seed, trials and
/// scenario never change, so a kept result stays right. A computation stops when every request waiting for it has
/// given up (the execution timeout, a closed connection), and is then forgotten, as is one that failed.
/// </summary>
public sealed class Recomputations(IOptions<ApiOptions> options)
{
    private sealed class Entry
    {
        public required Task<object> Result;
        public required CancellationTokenSource Stop;
        public int Waiters;
    }

    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentRecomputations);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new(); // insertion order, for forgetting the oldest kept result
    private readonly Lock _lock = new();
    private long _computed;

    /// <summary>How many computations have started (a kept result served again does not count): what tests watch.</summary>
    public long Computed => Interlocked.Read(ref _computed);

    public async Task<T> Run<T>(string key, Func<CancellationToken, T> compute, CancellationToken request) where T : class
    {
        Entry entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                var stop = new CancellationTokenSource();
                entry = new Entry { Stop = stop, Result = Compute(compute, stop.Token) };
                _entries[key] = entry;
                _order.Enqueue(key);
                ForgetOldest();
            }
            entry.Waiters++;
        }
        try
        {
            return (T)await entry.Result.WaitAsync(request);
        }
        finally
        {
            lock (_lock)
            {
                entry.Waiters--;
                bool abandoned = entry.Waiters == 0 && !entry.Result.IsCompleted;
                if (abandoned) entry.Stop.Cancel();
                if ((abandoned || entry.Result.IsFaulted || entry.Result.IsCanceled)
                    && _entries.TryGetValue(key, out var current) && current == entry)
                    _entries.Remove(key);
            }
        }
    }

    private async Task<object> Compute<T>(Func<CancellationToken, T> compute, CancellationToken stop) where T : class
    {
        await _slots.WaitAsync(stop);
        try
        {
            Interlocked.Increment(ref _computed);
            return await Task.Run(() => (object)compute(stop), stop);
        }
        finally
        {
            _slots.Release();
        }
    }

    private void ForgetOldest()
    {
        while (_entries.Count > options.Value.RecomputeCacheEntries && _order.TryDequeue(out var oldest))
            if (_entries.TryGetValue(oldest, out var e) && e.Result.IsCompleted) _entries.Remove(oldest);
    }
}
