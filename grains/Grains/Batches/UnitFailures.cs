using Orleans.Runtime;

namespace ScenarioGrid.Grains.Batches;

/// <summary>
/// How the batch grain tells a unit that failed by itself (counted against <see cref="BatchOptions.MaxUnitAttempts"/>)
/// from a unit whose silo could not be reached. Found by the kill soak (bench/kill-soak.sh): a SIGKILLed silo refuses
/// connections at once, so five immediate retries were spent within a second, long before the cluster declared the
/// silo dead, and the batch failed.
/// </summary>
internal static class UnitFailures
{
    /// <summary>About five minutes of pauses: far longer than a death declaration (10–20 s), short of forever.</summary>
    public const int MaxUnreachableWaits = 60;

    public static bool IsUnreachableSilo(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is AggregateException { InnerExceptions.Count: 1 } single) return IsUnreachableSilo(single.InnerException);
            if (e is OrleansMessageRejectionException or SiloUnavailableException) return true; // the former wraps ConnectionFailedException
        }
        return false;
    }

    /// <summary>0.5 s, 1 s, 2 s, then 5 s between sends of a unit whose silo is unreachable.</summary>
    public static TimeSpan Pause(int waits) => TimeSpan.FromMilliseconds(Math.Min(5000, 250 * (1 << Math.Min(waits, 5))));
}
