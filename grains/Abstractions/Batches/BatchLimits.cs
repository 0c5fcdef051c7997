namespace ScenarioGrid.Grains;

/// <summary>What a batch request may ask for; checked by the batch grain, and by clients for early, clear errors.</summary>
public static class BatchLimits
{
    /// <summary>Trials per batch: far above any overnight run, and unit indices stay ints.</summary>
    public const long MaxTrials = int.MaxValue;

    /// <summary>Seeds are whole numbers below 2^53, so a JSON number carries them exactly.</summary>
    public const long SeedBound = 1L << 53;

    /// <summary>Trials per kernel chunk (the kernel's columns are allocated per chunk).</summary>
    public const int MaxChunkSize = 1 << 20;

    /// <summary>Why <paramref name="request"/> cannot run, or null when it can.</summary>
    public static string? Check(BatchRequest request) => request switch
    {
        { Trials: < 1 or > MaxTrials } => $"trials must be from 1 to {MaxTrials}, not {request.Trials}",
        { Seed: < 0 or >= SeedBound } => $"seed must be a whole number 0 ≤ seed < 2^53, not {request.Seed}",
        { ChunkSize: < 1 or > MaxChunkSize } => $"chunkSize must be from 1 to {MaxChunkSize}, not {request.ChunkSize}",
        _ when request.UnitTrials < request.ChunkSize => $"unit trials ({request.UnitTrials}) must be at least the chunk size ({request.ChunkSize})",
        { Strategy: not null, StrategySet: true } => "give a strategy or ask for the strategy set, not both",
        { Until: not null, StrategySet: true } => "until is not available for a strategy-set batch (its members' statistics are paired per trial); run one member",
        { Until: { } until } when until.Check() is { } problem => problem,
        _ when !Enum.IsDefined(request.Priority) => $"unknown priority {(int)request.Priority}",
        _ => null,
    };
}
