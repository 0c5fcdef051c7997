using System.Diagnostics;
using System.Globalization;
using ScenarioGrid.Bench;

// scenariogrid-bench [--scenario FILE] [--trials N] [--big N] [--chunk K] [--warmup N] [--grains] [--pairs N]
// Runs every measurement in a fresh child process (so peak memory is that run's alone) and prints a table.
// A child is this program with --child MODE; it prints one line of key=value figures.
var options = BenchOptions.Parse(args);
if (options.Child is { } mode) return ChildRun.Execute(mode, options);
if (options.Pairs > 0) return GrainRatio();

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
        double g = double.Parse(grains["trialsPerSecond"], NumberStyles.Number, CultureInfo.InvariantCulture);
        double e = double.Parse(engine["trialsPerSecond"], NumberStyles.Number, CultureInfo.InvariantCulture);
        ratios.Add(g / e);
        Console.WriteLine($"pair {i + 1}: grains {g,9:N0} trials/s ({grains["seconds"]} s, cpu {grains["cpuSeconds"]} s, peak {grains["peakMB"]} MB), " +
                          $"engine {e,9:N0} trials/s ({engine["seconds"]} s, cpu {engine["cpuSeconds"]} s): {g / e:P1}");
    }
    ratios.Sort();
    double median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
    Console.WriteLine($"grains/engine: median {median:P1}, min {ratios[0]:P1}, max {ratios[^1]:P1}");
    return 0;
}

Dictionary<string, string> Child(string mode, long trials, int threads)
{
    var self = Environment.ProcessPath!;
    var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(BenchOptions).Assembly.Location);
    foreach (var a in new[] { "--child", mode, "--scenario", options.Scenario, "--trials", trials.ToString(CultureInfo.InvariantCulture),
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
