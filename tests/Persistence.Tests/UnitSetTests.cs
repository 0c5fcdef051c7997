namespace ScenarioGrid.Persistence.Tests;

public sealed class UnitSetTests
{
    private static int[] Members(UnitSet set) => [.. Enumerable.Range(0, set.Capacity).Where(set.Contains)];

    [Fact]
    public void Set_Contains_Count_and_bytes_round_trip()
    {
        var set = new UnitSet(13);
        Assert.True(set.Set(0));
        Assert.True(set.Set(9));
        Assert.True(set.Set(12));
        Assert.False(set.Set(9));

        Assert.Equal(13, set.Capacity);
        Assert.Equal(3, set.Count);
        Assert.True(set.Contains(9));
        Assert.False(set.Contains(8));
        Assert.Equal([0, 9, 12], Members(set));
        Assert.Equal([0b0000_0001, 0b0001_0010], set.ToBytes()); // bit i = bit i % 8 of byte i / 8

        var back = UnitSet.FromBytes(set.ToBytes(), 13);
        Assert.Equal(3, back.Count);
        Assert.Equal([0, 9, 12], Members(back));
    }

    [Fact]
    public void FromBytes_counts_the_set_bits_of_full_bytes()
    {
        var set = UnitSet.FromBytes(new byte[] { 0xFF, 0b1000_0001, 0b0000_0011 }, 18);
        Assert.Equal(12, set.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 17], Members(set));
        Assert.False(set.Set(15));
        Assert.True(set.Set(14));
        Assert.Equal(13, set.Count);
    }

    [Fact]
    public void ToBytes_is_a_copy()
    {
        var set = new UnitSet(8);
        var bytes = set.ToBytes();
        bytes[0] = 0xFF;
        Assert.Equal(0, set.Count);
        Assert.False(set.Contains(0));
    }

    [Fact]
    public void Out_of_range_indices_and_mismatched_bytes_are_refused()
    {
        var set = new UnitSet(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Set(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Contains(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnitSet(-1));
        Assert.Throws<ArgumentException>(() => UnitSet.FromBytes(new byte[3], 10)); // 10 units take 2 bytes
        Assert.Throws<ArgumentException>(() => UnitSet.FromBytes(new byte[] { 0, 0b0000_0100 }, 10)); // unit 10
        Assert.Equal([0, 0b0000_0010], UnitSet.FromBytes(new byte[] { 0, 0b0000_0010 }, 10).ToBytes()); // unit 9, the last, is fine
        Assert.Empty(new UnitSet(0).ToBytes());
    }
}
