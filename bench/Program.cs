using System.Diagnostics;
using System.Globalization;
using ScenarioGrid.Bench;

// scenariogrid-bench [--scenario FILE] [--trials N] [--big N] [--chunk K] [--warmup N] [--grains] [--pairs N] [--v2 N]
//                    [--cluster K [--cores-per-silo C] [--silo-dll PATH] [--api-dll PATH]] [--fairness R]
// (and --child steps --scenario V2FILE --trials N: the share of a v2 run's CPU time its step rows' statistics take)
// Runs every measurement in a fresh child process (so peak memory is that run's alone) and prints a table.
// A child is this program with --child MODE; it prints one line of key=value figures.
var options = BenchOptions.Parse(args);
if (options.Child is { } mode) return ChildRun.Execute(mode, options);
if (options.Cluster > 0) return await ClusterRatio(); // before --pairs, which it takes as its own pair count
if (options.Pairs > 0) return GrainRatio();
if (options.V2Pairs > 0) return V2Ratios();
if (options.Fairness > 0) return FairnessRun.Execute(options); // in this process: it times batches, not peak memory

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInfo()}");
Console.WriteLine($"scenario: {options.Scenario}, chunk {options.Chunk}");
var rows = new List<(string Label, Dictionary<string, string> Figures)>
{
    ("breakdown, 1 thread", Child("breakdown", options.BreakdownTrials, 1)),
    ("1 thread", Child("run", options.Trials, 1)),
    ($"{Environment.ProcessorCount} threads", Child("run", options.Trials, Environment.ProcessorCount)),
};
if (options.BigTrials > 0) rows.Add(($"{Environment.ProcessorCount} threads", Child("run", options.BigTrials, Environment.ProcessorCount)));
if (options.Grains)
{
    rows.Add(("grains", Child("grains", options.Trials, Environment.ProcessorCount)));
    if (options.BigTrials > 0) rows.Add(("grains", Child("grains", options.BigTrials, Environment.ProcessorCount)));
}

foreach (var (label, f) in rows)
{
    if (f.ContainsKey("samplingShare"))
        Console.WriteLine($"{label,-14} {f["trials"],12} trials: sampling {f["samplingShare"]}, dynamics {f["dynamicsShare"]}, " +
                          $"accumulation {f["accumulationShare"]} of {f["fullSeconds"]} s");
    else
        Console.WriteLine($"{label,-14} {f["trials"],12} trials: {f["trialsPerSecond"],10} trials/s, " +
                          $"{f["plantTrialYearsPerSecond"],12} plant-trial-years/s, {f["seconds"],7} s, peak RSS {f["peakMB"]} MB");
}
return 0;

// The grain path against the engine on all cores, in interleaved pairs: this VM's speed drifts by ±20 % over
// minutes, so only a ratio taken side by side, repeated, says anything.
int GrainRatio()
{
    int cores = Environment.ProcessorCount;
    Console.WriteLine($"machine: {cores} cores; {options.Trials:N0} trials of {options.Scenario}, grains vs engine, {options.Pairs} pairs");
    var ratios = new List<double>();
    for (int i = 0; i < options.Pairs; i++)
    {
        var grains = Child("grains", options.Trials, cores);
        var engine = Child("run", options.Trials, cores);
        double g = Rate(grains), e = Rate(engine);
        ratios.Add(g / e);
        Console.WriteLine($"pair {i + 1}: grains {g,9:N0} trials/s ({grains["seconds"]} s, cpu {grains["cpuSeconds"]} s, peak {grains["peakMB"]} MB), " +
                          $"engine {e,9:N0} trials/s ({engine["seconds"]} s, cpu {engine["cpuSeconds"]} s): {g / e:P1}");
    }
    Console.WriteLine($"grains/engine: median {Medians.Of(ratios):P1}, min {ratios.Min():P1}, max {ratios.Max():P1}");
    return 0;
}

// Model v2 against the same world without its v2 blocks, and a strategy set against its members run one by one:
// one thread each, interleaved pairs (see GrainRatio for why).
int V2Ratios()
{
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInfo()}; one thread, chunk {options.Chunk}, {options.Trials:N0} trials");
    // On a loaded machine the process CPU time is the steadier figure: wall time counts the waits for a core.
    var single = new List<double>();
    var set = new List<double>();
    var singleCpu = new List<double>();
    var setCpu = new List<double>();
    for (int i = 0; i < options.V2Pairs; i++)
    {
        var v2 = Child("run", options.Trials, 1);
        var v1 = Child("v1form", options.Trials, 1);
        double a = Rate(v2), b = Rate(v1);
        double cpuRatio = Seconds(v1, "cpuSeconds") / Seconds(v2, "cpuSeconds");
        single.Add(a / b);
        singleCpu.Add(cpuRatio);
        Console.WriteLine($"pair {i + 1}: {options.Scenario} {a,9:N0} trials/s (cpu {v2["cpuSeconds"]} s, peak {v2["peakMB"]} MB), without its v2 blocks " +
                          $"{b,9:N0} trials/s (cpu {v1["cpuSeconds"]} s, peak {v1["peakMB"]} MB): {a / b:P1}, by CPU time {cpuRatio:P1}");
        var together = Child("set", options.Trials / 5, 1, options.Set);
        var apart = Child("members", options.Trials / 5, 1, options.Set);
        double s = Seconds(together, "seconds"), m = Seconds(apart, "seconds");
        double setCpuRatio = Seconds(apart, "cpuSeconds") / Seconds(together, "cpuSeconds");
        set.Add(m / s);
        setCpu.Add(setCpuRatio);
        Console.WriteLine($"        {options.Set}: set {s:F2} s (cpu {together["cpuSeconds"]} s, peak {together["peakMB"]} MB), its {together["members"]} " +
                          $"members one by one {m:F2} s (cpu {apart["cpuSeconds"]} s): {m / s:P1}, by CPU time {setCpuRatio:P1}");
    }
    Console.WriteLine($"v2 / v1 form: median {Medians.Of(single):P1} (by CPU time {Medians.Of(singleCpu):P1}); " +
                      $"set / members one by one: median {Medians.Of(set):P1} (by CPU time {Medians.Of(setCpu):P1})");
    return 0;
}

static double Seconds(Dictionary<string, string> f, string key) => double.Parse(f[key], CultureInfo.InvariantCulture);

// K silo processes of C pinned cores behind the API against the engine pinned to the same K·C cores, in interleaved
// pairs (--pairs, default 1).
async Task<int> ClusterRatio()
{
    int k = options.Cluster, c = options.CoresPerSilo;
    string cores = ClusterRun.CoreList(0, k * c);
    if (k * c > Environment.ProcessorCount)
        throw new ArgumentException($"--cluster {k} × --cores-per-silo {c} needs {k * c} cores; this machine has {Environment.ProcessorCount}");
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInfo()}; {options.Trials:N0} trials of {options.Scenario}, " +
                      $"chunk {options.Chunk}: {k} silo processes × {c} cores (taskset) behind the API, against the engine on cores {cores}");
    var ratios = new List<double>();
    for (int i = 0; i < Math.Max(1, options.Pairs); i++)
    {
        double rate, run, wall;
        using (var cluster = new ClusterRun(options)) (rate, run, wall) = await cluster.Measure(); // stopped before the engine runs
        var engine = Child("run", options.Trials, k * c, cores: cores);
        double e = Rate(engine);
        ratios.Add(rate / e);
        Console.WriteLine($"pair {i + 1}: cluster {rate,11:N0} trials/s (run {run:F2} s, submit to completed {wall:F2} s), " +
                          $"engine {e,11:N0} trials/s on {k * c} threads ({engine["seconds"]} s): {rate / e:P1}");
    }
    Console.WriteLine($"cluster/engine: median {Medians.Of(ratios):P1}, min {ratios.Min():P1}, max {ratios.Max():P1}");
    return 0;
}

static double Rate(Dictionary<string, string> f) => double.Parse(f["trialsPerSecond"], NumberStyles.Number, CultureInfo.InvariantCulture);


// cores: a taskset CPU list to pin the child to (the engine on the cluster's cores).
Dictionary<string, string> Child(string mode, long trials, int threads, string? scenario = null, string? cores = null)
{
    var self = Environment.ProcessPath!;
    var psi = new ProcessStartInfo(cores is null ? self : "/usr/bin/taskset") { RedirectStandardOutput = true, UseShellExecute = false };
    if (cores is not null) foreach (string a in (string[])["-c", cores, self]) psi.ArgumentList.Add(a);
    if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(BenchOptions).Assembly.Location);
    foreach (var a in new[] { "--child", mode, "--scenario", scenario ?? options.Scenario, "--trials", trials.ToString(CultureInfo.InvariantCulture),
                 "--threads", threads.ToString(CultureInfo.InvariantCulture), "--chunk", options.Chunk.ToString(CultureInfo.InvariantCulture),
                 "--warmup", options.WarmupTrials.ToString(CultureInfo.InvariantCulture) })
        psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    string output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"child {mode} failed with exit code {p.ExitCode}");
    return output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=', 2))
        .ToDictionary(kv => kv[0], kv => kv[1].Trim());
}

static string RuntimeInfo() => $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
    $"{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, AVX-512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}";
