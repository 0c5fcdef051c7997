using System.Globalization;

namespace ScenarioGrid.Bench;

internal sealed record BenchOptions(string Scenario, long Trials, long BigTrials, long BreakdownTrials, int Chunk, int Threads, string? Child,
    bool Grains = false, long WarmupTrials = 20_000, int Pairs = 0, int V2Pairs = 0, string Set = "scenarios/strategies.yaml",
    int Cluster = 0, int CoresPerSilo = 0, string SiloDll = "silos/bin/Release/net10.0/scenariogrid-silo.dll",
    string ApiDll = "api/bin/Release/net10.0/ScenarioGrid.Api.dll", int Fairness = 0)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions("scenarios/baseline.yaml", 1_000_000, 0, 200_000, 1024, 1, null);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (args[i] == "--grains") { o = o with { Grains = true }; i--; continue; }
            if (i + 1 >= args.Length) throw new ArgumentException($"option {args[i]} needs a value");
            string v = args[i + 1];
            o = args[i] switch
            {
                "--scenario" => o with { Scenario = v },
                "--trials" => o with { Trials = long.Parse(v, CultureInfo.InvariantCulture) },
                "--big" => o with { BigTrials = long.Parse(v, CultureInfo.InvariantCulture) },
                "--breakdown" => o with { BreakdownTrials = long.Parse(v, CultureInfo.InvariantCulture) },
                "--chunk" => o with { Chunk = int.Parse(v, CultureInfo.InvariantCulture) },
                "--threads" => o with { Threads = int.Parse(v, CultureInfo.InvariantCulture) },
                "--child" => o with { Child = v },
                "--pairs" => o with { Pairs = int.Parse(v, CultureInfo.InvariantCulture) },
                "--warmup" => o with { WarmupTrials = long.Parse(v, CultureInfo.InvariantCulture) },
                "--v2" => o with { V2Pairs = int.Parse(v, CultureInfo.InvariantCulture) },
                "--set" => o with { Set = v },
                "--cluster" => o with { Cluster = int.Parse(v, CultureInfo.InvariantCulture) },
                "--cores-per-silo" => o with { CoresPerSilo = int.Parse(v, CultureInfo.InvariantCulture) },
                "--silo-dll" => o with { SiloDll = v },
                "--api-dll" => o with { ApiDll = v },
                "--fairness" => o with { Fairness = int.Parse(v, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        // One silo per C cores: by default the machine's cores shared out evenly.
        if (o.Cluster > 0 && o.CoresPerSilo == 0) o = o with { CoresPerSilo = Math.Max(1, Environment.ProcessorCount / o.Cluster) };
        return o;
    }
}
