using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Tests.Statistics;

public class BatchMeansTests
{
    [Theory]
    // Student's t, 0.975 quantile, from published tables (NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
    [InlineData(1, 12.706)]
    [InlineData(15, 2.131)]
    [InlineData(30, 2.042)]
    [InlineData(40, 2.021)]
    [InlineData(60, 2.000)]
    [InlineData(100, 1.984)]
    public void The_t_quantile_matches_the_tables(int degreesOfFreedom, double table) =>
        Assert.Equal(table, BatchMeans.StudentT975(degreesOfFreedom), 3);

    [Fact]
    public void The_expansion_joins_the_table_at_30_degrees_of_freedom() =>
        Assert.Equal(2.0423, BatchMeans.CornishFisherT975(30), 4);

    [Fact]
    public void The_half_width_of_four_values_by_hand()
    {
        // 1, 2, 3, 6: mean 3, squared deviations 4 + 1 + 0 + 9 = 14, s² = 14/3, s/√4 = 1.0801; t(0.975, 3) = 3.182.
        var (mean, half) = BatchMeans.Interval([1, 2, 3, 6]);
        Assert.Equal(3, mean, 12);
        Assert.Equal(3.182 * Math.Sqrt(14.0 / 3) / 2, half, 12);
    }

    [Fact]
    public void One_value_or_an_undefined_one_gives_no_interval()
    {
        Assert.True(double.IsNaN(BatchMeans.Interval([5]).HalfWidth));
        Assert.True(double.IsNaN(BatchMeans.Interval([1, double.NaN, 3]).HalfWidth));
        Assert.Equal(0, BatchMeans.Interval([2, 2, 2]).HalfWidth);
    }

    [Fact]
    public void A_unit_median_follows_the_spec_rule()
    {
        Assert.Equal(2.5, UnitEstimator.ExactQuantile([4, 1, 3, 2], 0.5));
        Assert.Equal(3, UnitEstimator.ExactQuantile([5, 1, 3], 0.5));
        Assert.True(double.IsNaN(UnitEstimator.ExactQuantile([], 0.5)));
    }
}
