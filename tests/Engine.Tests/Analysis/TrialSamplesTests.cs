using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Tests.Simulation;

namespace ScenarioGrid.Engine.Tests.Analysis;

public class TrialSamplesTests
{
    private const ulong Seed = 2024;

    [Fact]
    public void Every_sampled_value_and_input_equals_the_replayed_trial()
    {
        var model = new CompiledModel(ChunkingTests.Everything());
        int last = model.StartYear + model.YearCount - 1;
        string[] names =
        [
            $"route:sulfide/costUsdPerKWh/{last}", $"route:oxide/outputGWh/{model.StartYear}",
            $"world/costUsdPerKWh/{last}", $"benchmark/costUsdPerKWh/{last}",
        ];
        var columns = names.Select(n => SampleColumn.Parse(model, n)).ToArray();
        var samples = new TrialSamples(model, Seed, columns, withInputs: true, chunkSize: 64);
        const long from = 1_000, to = 1_150; // three chunks, the last one short

        long expectedTrial = from;
        int undefined = 0;
        foreach (var block in samples.Run(from, to))
        {
            Assert.Equal(expectedTrial, block.FirstTrial);
            for (int k = 0; k < block.Count; k++)
            {
                var replay = TrialReplay.Run(model, Seed, block.FirstTrial + k);
                for (int c = 0; c < columns.Length; c++)
                {
                    var parts = names[c].Split('/');
                    double? expected = replay.Metrics.Single(m => m.Entity == parts[0] && m.Metric == parts[1] && m.Year == int.Parse(parts[2])).Value;
                    double actual = block.Values[c][k];
                    if (expected is null) { Assert.True(double.IsNaN(actual)); undefined++; }
                    else Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Value), BitConverter.DoubleToInt64Bits(actual));
                }
                Assert.Equal(replay.Inputs.Select(i => i.Key), samples.InputNames);
                for (int i = 0; i < samples.InputNames.Count; i++)
                    Assert.Equal(BitConverter.DoubleToInt64Bits(replay.Inputs[i].Value), BitConverter.DoubleToInt64Bits(block.Inputs[i][k]));
            }
            expectedTrial += block.Count;
        }
        Assert.Equal(to, expectedTrial);
        Assert.True(undefined < (to - from) * columns.Length, "some values are defined");
    }

    [Theory]
    [InlineData("route:sulfide/costUsdPerKWh", "not entity/metric/year")]
    [InlineData("route:nope/costUsdPerKWh/2030", "unknown entity")]
    [InlineData("benchmark/outputGWh/2030", "has no metric")]
    [InlineData("route:sulfide/costUsdPerKWh/1999", "year must be in")]
    public void A_malformed_column_is_rejected_with_what_is_wrong(string text, string message)
    {
        var model = new CompiledModel(ChunkingTests.Everything());
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => SampleColumn.Parse(model, text)).Message);
    }
}
