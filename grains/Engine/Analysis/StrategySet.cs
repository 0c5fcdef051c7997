using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Analysis;

/// <summary>
/// A strategy set (model-spec-v2 §3.3, §5): every member of a file run on the same trial range with the batch seed
/// (common random numbers: a draw depends on seed, path and trial only), each into its own accumulator, and the listed
/// cross-member comparisons tallied from the two members' values of the same trial.
/// </summary>
public sealed class StrategySet
{
    public Scenario File { get; }
    public IReadOnlyList<string> MemberIds { get; }
    public IReadOnlyList<CompiledModel> Models { get; }
    public IReadOnlyList<StrategyComparisonSpec> Comparisons { get; }
    internal (int A, int B, ColumnKey KeyA, ColumnKey KeyB)[] Pairs { get; }

    public StrategySet(Scenario file)
    {
        if (file.Strategies.Count == 0) throw new ArgumentException($"scenario '{file.Id}' has no strategies");
        File = file;
        MemberIds = file.MemberIds;
        Models = MemberIds.Select(id => new CompiledModel(file.Member(id))).ToArray();
        // Without a list, every pair of members (member order) on every route's cost (§5).
        Comparisons = file.StrategyComparisons.Count > 0 ? file.StrategyComparisons
            : (from a in Enumerable.Range(0, MemberIds.Count)
               from b in Enumerable.Range(a + 1, MemberIds.Count - a - 1)
               from r in file.Routes
               select new StrategyComparisonSpec(MemberIds[a], MemberIds[b], "route:" + r.Id, "costUsdPerKWh", null)).ToArray();
        Pairs = Comparisons.Select(c =>
        {
            int a = IndexOf(c.A), b = IndexOf(c.B);
            return (a, b, ColumnKey.Of(Models[a], c.Entity, c.Metric, c.Step), ColumnKey.Of(Models[b], c.Entity, c.Metric, c.Step));
        }).ToArray();
    }

    public int IndexOf(string member) => MemberIds.ToList().IndexOf(member) is >= 0 and var i ? i
        : throw new ArgumentException($"unknown strategy '{member}' (members: {string.Join(", ", MemberIds)})");

    /// <summary>Runs trials [0, trials) on several threads into one set tally.</summary>
    public StrategySetSink Run(ulong seed, long trials, int chunkSize = 1024, int threads = 0,
        IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ChunkRunner.Run(Models[0], seed, trials, chunkSize, threads, worker => new StrategySetSink(this, seed, chunkSize, worker),
            (into, other) => into.Merge(other), progress, cancellationToken);

    public StrategySetSink NewSink(ulong seed, int chunkSize) => new(this, seed, chunkSize);

    /// <summary>A set sink holding what <see cref="StrategySetSink.Serialize"/> wrote (a checkpoint, a grain's unit).</summary>
    public StrategySetSink Deserialize(ulong seed, int chunkSize, byte[] data)
    {
        var sink = NewSink(seed, chunkSize);
        sink.MergeSerialized(data);
        return sink;
    }

    public SetResult Build(StrategySetSink sink, long seed)
    {
        var members = MemberIds.Select((id, i) =>
        {
            var doc = ResultBuilder.Build(Models[i], sink.Members[i], seed);
            return new MemberResult(id, doc.Series, doc.Steps ?? [], doc.Milestones, doc.Comparisons);
        }).ToArray();
        var years = Enumerable.Range(File.Horizon.Start, File.YearCount).ToArray();
        var comparisons = new List<StrategyComparisonResult>();
        for (int i = 0; i < Comparisons.Count; i++)
        {
            var c = Comparisons[i];
            for (int y = 0; y < years.Length; y++)
            {
                var row = ResultBuilder.Comparison(c.A, c.B, c.Metric, years[y], sink.Tallies[i][y]);
                comparisons.Add(new StrategyComparisonResult(c.A, c.B, c.Entity, c.Metric, c.Step, years[y], row.Count,
                    row.ProbabilityALessThanB, row.DeltaMean, row.DeltaP10, row.DeltaP50, row.DeltaP90));
            }
        }
        long n = sink.Members[0].Trials;
        return new SetResult(File.Id, seed, n, ResultBuilder.ModelVersion2, years, members, comparisons,
            new Provenance(File.Sha256, seed, n, ResultBuilder.ModelVersion2, ResultBuilder.SoftwareVersion));
    }
}

/// <summary>
/// The set's sink for one thread: the first member's kernel feeds it; at the end of each chunk it runs the other
/// members on the same trials, then tallies every cross-member comparison from the columns the members kept.
/// </summary>
public sealed class StrategySetSink : IChunkSink
{
    private readonly StrategySet _set;
    private readonly ulong _seed;
    private readonly int _chunkSize;
    // Built on the first run: a sink that only merges partial results (a batch grain's) needs no kernels.
    private ChunkWorker[]? _workers;
    private readonly ChunkWorker? _firstWorker;
    private readonly double[] _delta;
    private long _first;
    private int _count;

    public BatchAccumulator[] Members { get; }
    public ComparisonTally[][] Tallies { get; }   // [comparison][year]

    /// <param name="first">the runner's worker for the first member, when it has one: its kernel feeds this sink, and
    /// <see cref="RunRange"/> reuses it rather than building a second workspace (tens of MB) for the same member.</param>
    internal StrategySetSink(StrategySet set, ulong seed, int chunkSize, ChunkWorker? first = null)
    {
        _firstWorker = first;
        _set = set;
        _seed = seed;
        _chunkSize = chunkSize;
        Members = set.Models.Select((m, i) => new BatchAccumulator(m, chunkSize,
            set.Pairs.SelectMany(p => new[] { (p.A, p.KeyA), (p.B, p.KeyB) }).Where(x => x.Item1 == i).Select(x => x.Item2))).ToArray();
        Tallies = set.Comparisons.Select(_ => Enumerable.Range(0, set.File.YearCount).Select(_ => new ComparisonTally()).ToArray()).ToArray();
        _delta = new double[chunkSize];
    }

    /// <summary>Runs every member on trials [first, first + count), chunk by chunk (what a grain's unit does).</summary>
    public void RunRange(long first, long count, CancellationToken cancellationToken = default) =>
        Workers[0].Run(first, count, this, cancellationToken);

    public StrategySet Set => _set;
    public ulong Seed => _seed;
    public int ChunkSize => _chunkSize;

    private ChunkWorker[] Workers => _workers ??= _set.Models.Select((m, i) =>
        i == 0 && _firstWorker is not null ? _firstWorker : new ChunkWorker(m, _seed, _chunkSize)).ToArray();

    public void BeginChunk(long firstTrial, int count)
    {
        _first = firstTrial;
        _count = count;
        Members[0].BeginChunk(firstTrial, count);
    }

    public void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values) =>
        Members[0].Accept(entity, metric, yearIndex, values);

    public void AcceptStep(int row, Simulation.Process.StepMetric metric, int yearIndex, ReadOnlySpan<double> values) =>
        Members[0].AcceptStep(row, metric, yearIndex, values);

    public void AcceptReadiness(int slot, ReadOnlySpan<double> years) => Members[0].AcceptReadiness(slot, years);

    public void EndChunk()
    {
        Members[0].EndChunk();
        var workers = Workers;
        for (int m = 1; m < workers.Length; m++) workers[m].Run(_first, _count, Members[m]);
        for (int i = 0; i < _set.Pairs.Length; i++)
        {
            var (a, b, keyA, keyB) = _set.Pairs[i];
            var columnsA = Members[a].Retained.Get(keyA);
            var columnsB = Members[b].Retained.Get(keyB);
            for (int y = 0; y < Tallies[i].Length; y++)
                Tallies[i][y].Add(columnsA[y].AsSpan(0, _count), columnsB[y].AsSpan(0, _count), _delta);
        }
    }

    // 1: each member's BatchAccumulator partial (length-prefixed), then every tally's a < b count and delta statistics.
    private const int FormatVersion = 1;

    /// <summary>
    /// The set's partial result in a compact binary form (grain messages, checkpoints): every member accumulator's
    /// own <see cref="BatchAccumulator.Serialize"/>, then the cross-member tallies. Readable only by a sink of the same set.
    /// </summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(FormatVersion);
            w.Write(Members.Length);
            foreach (var m in Members)
            {
                byte[] bytes = m.Serialize();
                w.Write(bytes.Length);
                w.Write(bytes);
            }
            w.Write(Tallies.Length);
            foreach (var byYear in Tallies)
            {
                w.Write(byYear.Length);
                foreach (var tally in byYear)
                {
                    w.Write(tally.ALessThanB);
                    tally.Delta.Write(w);
                }
            }
        }
        return stream.ToArray();
    }

    /// <summary>Merges what <see cref="Serialize"/> wrote (for the same set) into this sink.</summary>
    public void MergeSerialized(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data, writable: false));
        if (r.ReadInt32() != FormatVersion) throw new InvalidDataException("strategy-set partial result of an unknown format version");
        if (r.ReadInt32() != Members.Length) throw new InvalidDataException("strategy-set partial result of a different set");
        foreach (var m in Members) m.MergeSerialized(r.ReadBytes(r.ReadInt32()));
        if (r.ReadInt32() != Tallies.Length) throw new InvalidDataException("strategy-set partial result of a different set");
        foreach (var byYear in Tallies)
        {
            if (r.ReadInt32() != byYear.Length) throw new InvalidDataException("strategy-set partial result of a different horizon");
            foreach (var tally in byYear)
            {
                tally.ALessThanB += r.ReadInt64();
                tally.Delta.MergeFrom(r);
            }
        }
    }

    /// <summary>Empties the sink and keeps its buffers and kernels, for a worker that runs unit after unit.</summary>
    public void Reset()
    {
        foreach (var m in Members) m.Reset();
        foreach (var byYear in Tallies)
            foreach (var tally in byYear)
            {
                tally.ALessThanB = 0;
                tally.Delta.Reset();
            }
    }

    public void Merge(StrategySetSink other)
    {
        for (int m = 0; m < Members.Length; m++) Members[m].Merge(other.Members[m]);
        for (int i = 0; i < Tallies.Length; i++)
            for (int y = 0; y < Tallies[i].Length; y++) Tallies[i][y].Merge(other.Tallies[i][y]);
    }
}
