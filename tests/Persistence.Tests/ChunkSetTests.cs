using ScenarioGrid.Persistence;

namespace ScenarioGrid.Persistence.Tests;

public sealed class ChunkSetTests
{
    [Fact]
    public void Set_Contains_Count_and_bytes_round_trip()
    {
        var set = new ChunkSet(13);
        Assert.True(set.Set(0));
        Assert.True(set.Set(9));
        Assert.True(set.Set(12));
        Assert.False(set.Set(9));

        Assert.Equal(3, set.Count);
        Assert.True(set.Contains(9));
        Assert.False(set.Contains(8));
        Assert.Equal([0, 9, 12], set.Indices());
        Assert.Equal([0b0000_0001, 0b0001_0010], set.ToBytes()); // bit i = bit i % 8 of byte i / 8

        var back = ChunkSet.FromBytes(set.ToBytes(), 13);
        Assert.Equal(3, back.Count);
        Assert.Equal(set.Indices(), back.Indices());
    }

    [Fact]
    public void ToBytes_is_a_copy()
    {
        var set = new ChunkSet(8);
        var bytes = set.ToBytes();
        bytes[0] = 0xFF;
        Assert.Equal(0, set.Count);
    }

    [Fact]
    public void Out_of_range_indices_and_mismatched_bytes_are_refused()
    {
        var set = new ChunkSet(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Set(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Contains(-1));
        Assert.Throws<ArgumentException>(() => ChunkSet.FromBytes(new byte[3], 10)); // 10 chunks take 2 bytes
        Assert.Throws<ArgumentException>(() => ChunkSet.FromBytes(new byte[] { 0, 0b0000_0100 }, 10)); // chunk 10
        Assert.Empty(new ChunkSet(0).ToBytes());
    }
}
