using System.Numerics;

namespace ScenarioGrid.Persistence;

/// <summary>
/// A set of work unit indices 0..Capacity-1, as a bitset: bit i is bit (i % 8) of byte (i / 8).
/// It is the <c>done_units</c> column of a checkpoint. Not thread-safe.
/// </summary>
public sealed class UnitSet
{
    private readonly byte[] _bits;

    public UnitSet(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _bits = new byte[ByteLength(capacity)];
    }

    /// <summary>The number of units the set ranges over.</summary>
    public int Capacity { get; }

    /// <summary>The number of units in the set.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the unit; false when it was already in.</summary>
    public bool Set(int index)
    {
        CheckIndex(index);
        byte mask = (byte)(1 << (index & 7));
        if ((_bits[index >> 3] & mask) != 0) return false;
        _bits[index >> 3] |= mask;
        Count++;
        return true;
    }

    public bool Contains(int index)
    {
        CheckIndex(index);
        return (_bits[index >> 3] & (1 << (index & 7))) != 0;
    }

    /// <summary>A copy of the bitset, ceil(Capacity / 8) bytes.</summary>
    public byte[] ToBytes() => (byte[])_bits.Clone();

    /// <summary>Reads <see cref="ToBytes"/> output back.</summary>
    /// <exception cref="ArgumentException">The bytes do not fit <paramref name="capacity"/> units (a checkpoint of another batch shape).</exception>
    public static UnitSet FromBytes(ReadOnlySpan<byte> bytes, int capacity)
    {
        var set = new UnitSet(capacity);
        if (bytes.Length != set._bits.Length)
            throw new ArgumentException($"a set of {capacity} units takes {set._bits.Length} bytes, not {bytes.Length}", nameof(bytes));
        bytes.CopyTo(set._bits);
        int spare = set._bits.Length * 8 - capacity;
        if (spare > 0 && (set._bits[^1] >> (8 - spare)) != 0)
            throw new ArgumentException($"the bytes mark units at or beyond {capacity}", nameof(bytes));
        foreach (byte b in set._bits) set.Count += BitOperations.PopCount(b);
        return set;
    }

    private static int ByteLength(int capacity) => (int)(((long)capacity + 7) / 8);

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Capacity)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"unit indices run from 0 to {Capacity - 1}");
    }
}
