using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Analysis;

/// <summary>
/// A paired comparison of any two entities on request (model-spec section 5, "Comparisons"), not only the
/// pairs a scenario lists: the batch's trials are re-run (counter-based draws make them the batch's own) into
/// a sink that keeps only the pair, and tallied by the same rule and rows as the result document's comparisons.
/// Over the same trials on one thread, a listed pair's rows equal the document's bit for bit.
/// </summary>
public static class PairedComparison
{
    /// <summary>
    /// The rows of <paramref name="a"/> − <paramref name="b"/> of <paramref name="metric"/> over trials
    /// [0, <paramref name="trials"/>) of the batch of <paramref name="seed"/>, one per year of
    /// <paramref name="years"/> (calendar years, in the order given).
    /// </summary>
    /// <param name="chunkSize">trials per kernel call; the batch's, though any size gives the same trials.</param>
    /// <param name="threads">0: one per core. With more than one, deltaMean may differ from one run to the next
    /// in its last bits (the merge order follows which thread ran which chunk); counts and quantiles do not.</param>
    public static IReadOnlyList<ComparisonResult> Run(CompiledModel model, ulong seed, long trials, int chunkSize,
        string a, string b, Metric metric, IReadOnlyList<int> years, int threads = 0,
        CancellationToken cancellationToken = default)
    {
        int ea = Side(model, a, metric), eb = Side(model, b, metric);
        var yearIndices = years.Select(year => YearIndex(model, year)).ToArray();
        var pair = ChunkRunner.Run(model, seed, trials, chunkSize, threads,
            worker => new PairSink(ea, eb, metric, model.YearCount, worker.ChunkSize),
            (into, other) => into.Merge(other), progress: null, cancellationToken);
        return [.. yearIndices.Select(y => ResultBuilder.Comparison(a, b, metric.Name(), model.StartYear + y, pair.Tally(y)))];
    }

    private static int Side(CompiledModel model, string entity, Metric metric)
    {
        int e = model.Entities.IndexOf(entity);
        return model.Entities.All[e].HasMetric(metric) ? e
            : throw new ArgumentException($"entity '{entity}' has no metric '{metric.Name()}'");
    }

    private static int YearIndex(CompiledModel model, int year)
    {
        int y = year - model.StartYear;
        return y >= 0 && y < model.YearCount ? y
            : throw new ArgumentException($"year {year} is outside the horizon {model.StartYear}..{model.StartYear + model.YearCount - 1}");
    }
}
