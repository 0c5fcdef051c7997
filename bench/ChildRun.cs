using System.Diagnostics;
using System.Globalization;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Bench;

/// <summary>One measurement in a fresh process; prints key=value figures on one line.</summary>
internal static class ChildRun
{
    private const ulong Seed = 42;

    public static int Execute(string mode, BenchOptions o)
    {
        var figures = mode switch
        {
            "breakdown" => Breakdown(new CompiledModel(ScenarioLoader.LoadFile(o.Scenario)), o),
            "grains" => GrainRun.Execute(o),
            "v1form" => Run(new CompiledModel(V1Form.Load(o.Scenario)), o),
            "set" => SetRun(o, together: true),
            "members" => SetRun(o, together: false),
            "steps" => StepShare.Execute(new CompiledModel(ScenarioLoader.LoadFile(o.Scenario)), o),
            _ => Run(new CompiledModel(ScenarioLoader.LoadFile(o.Scenario)), o),
        };
        Console.WriteLine(string.Join(' ', figures.Select(kv => $"{kv.Key}={kv.Value}")));
        return 0;
    }

    private static Dictionary<string, string> Run(CompiledModel model, BenchOptions o)
    {
        // Warm up the JIT on a small batch so the figure is the steady state, as in a long-running silo.
        BatchRunner.Run(model, Seed, Math.Min(o.Trials, o.WarmupTrials), o.Chunk, o.Threads);
        ReleaseWarmUp();
        long plantYears = (long)model.Scenario.Plants.Count * model.YearCount;
        return Timed(o.Trials, plantYears, () => BatchRunner.Run(model, Seed, o.Trials, o.Chunk, o.Threads));
    }

    /// <summary>A strategy set's members with common random numbers in one run, or each member as its own batch.</summary>
    private static Dictionary<string, string> SetRun(BenchOptions o, bool together)
    {
        var file = ScenarioLoader.LoadFile(o.Scenario);
        var set = new ScenarioGrid.Engine.Analysis.StrategySet(file);
        ScenarioGrid.Engine.Analysis.StrategySetSink? last = null;
        void RunAll(long trials)
        {
            if (together) last = set.Run(Seed, trials, o.Chunk, o.Threads);
            else foreach (var model in set.Models) BatchRunner.Run(model, Seed, trials, o.Chunk, o.Threads);
        }
        RunAll(Math.Min(o.Trials, o.WarmupTrials / set.Models.Count));
        last = null; // the warm-up's accumulators go with the collection below
        ReleaseWarmUp();
        long plantYears = (long)file.Plants.Count * file.YearCount;
        var figures = Timed(o.Trials, plantYears, () => RunAll(o.Trials));
        figures["members"] = set.Models.Count.ToString(CultureInfo.InvariantCulture);
        if (together)
        {
            // What a running set batch pays at each checkpoint to publish every member's running statistics: the set's
            // documents built from its merged statistics (ResultBuilder per member, as BatchStatistics.RunningMembers).
            var clock = Stopwatch.StartNew();
            set.Build(last!, (long)Seed);
            figures["documentsSeconds"] = clock.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);
        }
        return figures;
    }

    /// <summary>
    /// Collects the warm-up's accumulators and workspaces (dead by now) before the measured run, so that the peak
    /// memory is one run's: without it a full collection may come only after the measured run has allocated its
    /// own, and the peak counts both (the 5-member set: about 145 MB of live data; peaks of 347 – 348 MB without this
    /// collection, 219 – 225 MB with it).
    /// </summary>
    private static void ReleaseWarmUp()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>
    /// Runs <paramref name="measured"/> once and returns the figures every throughput child prints: wall and
    /// process CPU seconds of that run (CPU against cores × seconds shows idle cores), trials and plant-trial-years
    /// per second, peak memory and the GC's counts and pauses.
    /// </summary>
    internal static Dictionary<string, string> Timed(long trials, long plantYears, Action measured)
    {
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        measured();
        double seconds = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        return new()
        {
            ["trials"] = trials.ToString("N0", CultureInfo.InvariantCulture),
            ["seconds"] = seconds.ToString("F2", CultureInfo.InvariantCulture),
            ["trialsPerSecond"] = (trials / seconds).ToString("N0", CultureInfo.InvariantCulture),
            ["plantTrialYearsPerSecond"] = (trials * plantYears / seconds).ToString("N0", CultureInfo.InvariantCulture),
            ["peakMB"] = PeakResidentMegabytes().ToString("F0", CultureInfo.InvariantCulture),
            ["cpuSeconds"] = cpuSeconds.ToString("F2", CultureInfo.InvariantCulture),
            ["gcs"] = $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}",
            ["gcPauseSeconds"] = GC.GetTotalPauseDuration().TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// Where the time goes on one thread: drawing inputs alone, then inputs + dynamics into a sink that
    /// discards, then the full run; the differences are dynamics and accumulation.
    /// </summary>
    private static Dictionary<string, string> Breakdown(CompiledModel model, BenchOptions o)
    {
        var inputs = new TrialInputs(model, o.Chunk);
        var kernel = Kernels.For(model, o.Chunk);
        var streams = model.Streams(Seed);
        var accumulator = new ScenarioGrid.Engine.Statistics.BatchAccumulator(model, o.Chunk);
        var discard = new DiscardSink();

        double Time(Action<long, int> chunk)
        {
            for (long first = 0; first < 20_000; first += o.Chunk) chunk(first, o.Chunk); // warm-up
            var clock = Stopwatch.StartNew();
            for (long first = 0; first < o.Trials; first += o.Chunk) chunk(first, (int)Math.Min(o.Chunk, o.Trials - first));
            return clock.Elapsed.TotalSeconds;
        }

        double sampling = Time((first, n) => inputs.Draw(streams, first, n));
        double dynamics = Time((first, n) => { inputs.Draw(streams, first, n); kernel.Run(inputs, first, discard); });
        double full = Time((first, n) => { inputs.Draw(streams, first, n); kernel.Run(inputs, first, accumulator); });
        string Share(double s) => (100 * s / full).ToString("F0", CultureInfo.InvariantCulture) + "%";
        return new()
        {
            ["trials"] = o.Trials.ToString("N0", CultureInfo.InvariantCulture),
            ["fullSeconds"] = full.ToString("F2", CultureInfo.InvariantCulture),
            ["samplingShare"] = Share(sampling),
            ["dynamicsShare"] = Share(dynamics - sampling),
            ["accumulationShare"] = Share(full - dynamics),
        };
    }

    /// <summary>VmHWM: the peak resident set of this process, from /proc (Linux).</summary>
    internal static double PeakResidentMegabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }

    private sealed class DiscardSink : IChunkSink
    {
        public void BeginChunk(long firstTrial, int count) { }
        public void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values) { }
        public void EndChunk() { }
    }
}
