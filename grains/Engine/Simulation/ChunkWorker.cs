using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// One thread's (or one grain activation's) simulation workspace: drawn inputs and kernel buffers for
/// chunks of up to <see cref="ChunkSize"/> trials. Runs any trial range into any accumulator; because
/// draws are counter-based, which worker runs which range never changes a trial.
/// </summary>
public sealed class ChunkWorker
{
    private readonly TrialInputs _inputs;
    private readonly IChunkKernel _kernel;
    private readonly ulong[] _streams;

    public CompiledModel Model { get; }
    public int ChunkSize { get; }
    public ulong Seed { get; }

    public ChunkWorker(CompiledModel model, ulong seed, int chunkSize)
    {
        if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), "chunk size must be at least 1");
        Model = model;
        ChunkSize = chunkSize;
        Seed = seed;
        _inputs = new TrialInputs(model, chunkSize);
        _kernel = Kernels.For(model, chunkSize);
        _streams = model.Streams(seed);
    }

    /// <summary>
    /// The inputs drawn for the last chunk <see cref="Run"/> ran, by parameter index (<c>[parameter][k]</c> for its
    /// k-th trial): what trial samples hand out beside the metrics. Overwritten by the next chunk.
    /// </summary>
    public double[][] LastChunkInputs => _inputs.Values;

    /// <summary>A fresh accumulator sized for this worker's chunks.</summary>
    public BatchAccumulator NewAccumulator() => new(Model, ChunkSize);

    /// <summary>Runs trials [firstTrial, firstTrial + count) into <paramref name="into"/>.</summary>
    public void Run(long firstTrial, long count, IChunkSink into, CancellationToken cancellationToken = default)
    {
        for (long done = 0; done < count; done += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = (int)Math.Min(ChunkSize, count - done);
            _inputs.Draw(_streams, firstTrial + done, n);
            _kernel.Run(_inputs, firstTrial + done, into);
        }
    }
}
