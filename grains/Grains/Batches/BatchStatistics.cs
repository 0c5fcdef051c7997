using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Statistics;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Batches;

/// <summary>A batch's final document: a single run's (the file, or one member of its strategy set), or a whole set's.</summary>
public sealed record BatchDocument(BatchResult? Single, SetResult? Set);

/// <summary>One member's running statistics: <paramref name="Strategy"/> null or <c>base</c> is the file itself.</summary>
public sealed record MemberRunning(string? Strategy, BatchResult Result);

/// <summary>
/// The merged statistics a batch keeps while it runs: one run's accumulator, or a strategy set's sink (every member's
/// accumulator and the cross-member tallies). Both merge the serialised partials of work units and serialise
/// themselves for a checkpoint in the same form, so the batch grain's merge, checkpoint and resume are the same for both.
/// </summary>
public abstract class BatchStatistics
{
    public abstract void MergeSerialized(byte[] partial);

    public abstract byte[] Serialize();

    public abstract BatchDocument Build(long seed);

    /// <summary>
    /// The running statistics of each member the batch runs, for the member's entity grains: the one member of a
    /// single run, every member of a strategy set (base first).
    /// </summary>
    public abstract IReadOnlyList<MemberRunning> RunningMembers(long seed);

    /// <summary>Empty statistics for the request (or those of <paramref name="checkpoint"/>).</summary>
    /// <exception cref="ArgumentException">The request names a strategy the file lacks, or a set of a file without strategies.</exception>
    public static BatchStatistics For(ScenarioModels models, BatchRequest request, byte[]? checkpoint = null)
    {
        BatchStatistics statistics = request.StrategySet
            ? new SetStatistics(models.Set(request.ScenarioSha256).NewSink((ulong)request.Seed, request.ChunkSize))
            : new SingleStatistics(models.Get(request.ScenarioSha256, request.Strategy), request.Strategy, request.ChunkSize);
        if (checkpoint is not null) statistics.MergeSerialized(checkpoint);
        return statistics;
    }

    private sealed class SingleStatistics(CompiledModel model, string? strategy, int chunkSize) : BatchStatistics
    {
        private readonly BatchAccumulator _merged = new(model, chunkSize);

        public override void MergeSerialized(byte[] partial) => _merged.MergeSerialized(partial);
        public override byte[] Serialize() => _merged.Serialize();
        public override BatchDocument Build(long seed) => new(ResultBuilder.Build(model, _merged, seed), null);
        public override IReadOnlyList<MemberRunning> RunningMembers(long seed) => [new(strategy, ResultBuilder.Build(model, _merged, seed))];
    }

    /// <summary>
    /// A set's statistics: each member's running statistics go to that member's entity grains.
    /// </summary>
    private sealed class SetStatistics(StrategySetSink merged) : BatchStatistics
    {
        public override void MergeSerialized(byte[] partial) => merged.MergeSerialized(partial);
        public override byte[] Serialize() => merged.Serialize();
        public override BatchDocument Build(long seed) => new(null, merged.Set.Build(merged, seed));
        // Each member's document only: the cross-member comparisons are not an entity's, and are read once stored.
        public override IReadOnlyList<MemberRunning> RunningMembers(long seed) =>
            [.. merged.Set.MemberIds.Select((id, i) => new MemberRunning(id, ResultBuilder.Build(merged.Set.Models[i], merged.Members[i], seed)))];
    }
}
