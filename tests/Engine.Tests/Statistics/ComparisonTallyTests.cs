using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Tests.Statistics;

/// <summary>The comparison rule of model-spec section 5 on columns small enough to tally by eye.</summary>
public class ComparisonTallyTests
{
    [Fact]
    public void Only_trials_where_both_sides_are_defined_count_and_a_tie_is_not_less()
    {
        // Trials: (1, 2) less; (2, 2) a tie; (NaN, 1) and (3, NaN) undefined; (5, 4) greater.
        var tally = new ComparisonTally();
        tally.Add([1, 2, double.NaN, 3, 5], [2, 2, 1, double.NaN, 4], new double[8]);
        Assert.Equal(1, tally.ALessThanB);
        Assert.Equal(3, tally.Delta.Count);

        var row = ResultBuilder.Comparison("plant:a", "plant:b", "costUsdPerKWh", 2030, tally);
        Assert.Equal(new ComparisonResult("plant:a", "plant:b", "costUsdPerKWh", 2030, 3, 1 / 3.0, 0, row.DeltaP10, 0, row.DeltaP90), row);
        // Deltas −1, 0, 1: h = 2·0.1 = 0.2 lies between −1 and 0, h = 1.8 between 0 and 1 (the sketch's 0.39 %).
        Assert.InRange(row.DeltaP10!.Value, -1 * 1.005, 0);
        Assert.InRange(row.DeltaP90!.Value, 0, 1 * 1.005);
    }

    [Fact]
    public void Chunks_add_up_and_partial_tallies_merge()
    {
        var whole = new ComparisonTally();
        whole.Add([1, 4, 6], [3, 4, 2], new double[3]);
        whole.Add([0], [1], new double[3]);
        var other = new ComparisonTally();
        other.Add([10, double.NaN], [20, 1], new double[2]);
        whole.Merge(other);
        // Less in (1, 3), (0, 1), (10, 20); deltas −2, 0, 4, −1, −10: mean −9/5.
        Assert.Equal(3, whole.ALessThanB);
        Assert.Equal(5, whole.Delta.Count);
        Assert.Equal(-1.8, whole.Delta.Mean, 12);
        Assert.Equal((-10.0, 4.0), (whole.Delta.Min, whole.Delta.Max));
    }

    [Fact]
    public void A_year_where_both_are_never_defined_has_a_row_of_nulls()
    {
        var tally = new ComparisonTally();
        tally.Add([double.NaN, 1], [2, double.NaN], new double[2]);
        Assert.Equal(new ComparisonResult("world", "benchmark", "costUsdPerKWh", 2025, 0, null, null, null, null, null),
            ResultBuilder.Comparison("world", "benchmark", "costUsdPerKWh", 2025, tally));
    }
}
