using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Api.Tests;

/// <summary>The same scenario run in this process straight on the engine, for comparison with what the API serves.</summary>
internal static class EngineReference
{
    private static readonly Dictionary<(string, long, long), (CompiledModel, BatchResult)> Cache = new();

    public static (CompiledModel Model, BatchResult Result) Run(string file, long seed, long trials)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue((file, seed, trials), out var hit)) return hit;
            var model = new CompiledModel(ScenarioLoader.LoadFile(TestPaths.Scenario(file)));
            var result = ResultBuilder.Build(model, BatchRunner.Run(model, (ulong)seed, trials, 1024), seed);
            return Cache[(file, seed, trials)] = (model, result);
        }
    }

    public static void AssertClose(double? expected, double? actual, double relative = 1e-9)
    {
        if (expected is null || actual is null) { Assert.Equal(expected, actual); return; }
        double e = expected.Value, a = actual.Value;
        Assert.True(Math.Abs(e - a) <= relative * Math.Max(Math.Abs(e), 1), $"expected {e:R}, got {a:R}");
    }
}
