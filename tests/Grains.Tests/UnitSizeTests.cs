namespace ScenarioGrid.Grains.Tests;

/// <summary>The default unit: 1/16 of the batch in whole chunks, at most 65,536 trials, divided among a set's members.</summary>
public class UnitSizeTests
{
    [Theory]
    [InlineData(10_000_000, 1024, 1, 65_536)]       // the cap
    [InlineData(10_000_000, 1024, 5, 13 * 1024)]    // 65,536 / 5 = 13,107.2 trials, rounded up to whole chunks
    [InlineData(160_000, 1024, 1, 10 * 1024)]       // 1/16 of the batch, rounded up to whole chunks
    [InlineData(160_000, 1024, 5, 10 * 1024)]       // a small set batch still gets 16 units
    [InlineData(100, 1024, 5, 1024)]                 // never less than a chunk
    public void A_units_trials_fit_the_batch_and_its_members(long trials, int chunk, int members, int expected) =>
        Assert.Equal(expected, BatchRequest.DefaultUnitFor(trials, chunk, members));
}
