using System.Globalization;
using ScenarioGrid.Engine.Random;

namespace ScenarioGrid.Engine.Tests.Numerics;

public class CounterRngTests
{
    // The test vectors of model-spec section 3, "The random numbers".
    public static TheoryData<ulong, string, long, string, string, double> SpecVectors => new()
    {
        { 0, "globals.lithiumPriceIndex", 0, "ad5fbf31206aaa06", "2051f9285c750945", 0.550632184982582 },
        { 42, "globals.lithiumPriceIndex", 0, "ad5fbf31206aaa06", "39c80c705130d08a", 0.48892930848891536 },
        { 42, "globals.lithiumPriceIndex", 1, "ad5fbf31206aaa06", "39c80c705130d08a", 0.2997552315889792 },
        { 42, "routes.sulfide.materials.electrolyte.usdPerKg", 0, "487021ba3d4a51c4", "4a0d92bafdd03617", 0.20413876917521667 },
        { 42, "plants.toyota-idemitsu.sopDelayYears", 999999, "bb4899dc47888381", "f5e96a829b9e757d", 0.08554348078513596 },
        { 20261125, "regions.CN.electricityUsdPerKWh", 123456789, "ed75d47bfbd1936d", "3ea574fbd97af8f4", 0.5977033381958973 },
    };

    [Theory]
    [MemberData(nameof(SpecVectors))]
    public void Spec_test_vector(ulong seed, string path, long trial, string fnv, string stream, double u)
    {
        Assert.Equal(ulong.Parse(fnv, NumberStyles.HexNumber), CounterRng.Fnv1a64(path));
        ulong s = CounterRng.Stream(seed, path);
        Assert.Equal(ulong.Parse(stream, NumberStyles.HexNumber), s);
        // The spec prints u with shortest round-trip digits, so the doubles must be identical.
        Assert.Equal(u, CounterRng.Uniform(s, trial));
        Span<double> one = stackalloc double[1];
        CounterRng.Uniforms(s, trial, one);
        Assert.Equal(u, one[0]);
    }

    [Fact]
    public void Fnv1a64_of_empty_is_the_offset_basis_and_uses_utf8()
    {
        Assert.Equal(0xCBF29CE484222325UL, CounterRng.Fnv1a64(""));
        // "é" is two UTF-8 bytes C3 A9.
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in new byte[] { 0xC3, 0xA9 }) { h ^= b; h *= 0x100000001B3UL; }
        Assert.Equal(h, CounterRng.Fnv1a64("é"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(1001)]
    [InlineData(4099)]
    public void Uniforms_equal_scalar_for_odd_lengths_and_every_width(int length)
    {
        foreach (long first in new long[] { 0, 1, 5, 999_999, 123_456_789, long.MaxValue - 5000 })
        foreach (ulong stream in new ulong[] { 0, 0x39c80c705130d08a, ulong.MaxValue })
        foreach (int width in new[] { CounterRng.VectorWidth, 8, 4, 1 })
        {
            var u = new double[length];
            CounterRng.Uniforms(stream, first, u, width);
            for (int i = 0; i < length; i++)
            {
                double expected = CounterRng.Uniform(stream, first + i);
                if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(u[i]))
                    Assert.Fail($"width {width}, stream {stream:x}, trial {first + i}: {u[i]:R} != {expected:R}");
            }
        }
    }

    [Fact]
    public void Uniforms_are_independent_of_chunking()
    {
        ulong s = CounterRng.Stream(7, "routes.oxide.learning.processRate");
        var whole = new double[10_000];
        CounterRng.Uniforms(s, 0, whole);
        var pieces = new double[10_000];
        int at = 0;
        foreach (int len in new[] { 1, 7, 8, 333, 1024, 5, 3000 })
        {
            CounterRng.Uniforms(s, at, pieces.AsSpan(at, len));
            at += len;
        }
        CounterRng.Uniforms(s, at, pieces.AsSpan(at));
        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Uniforms_lie_strictly_inside_the_unit_interval_and_look_uniform()
    {
        var u = new double[1 << 18];
        CounterRng.Uniforms(CounterRng.Stream(1, "globals.lithiumPriceIndex"), 0, u);
        double sum = 0;
        foreach (double x in u)
        {
            Assert.True(x > 0 && x < 1);
            sum += x;
        }
        Assert.InRange(sum / u.Length, 0.5 - 0.003, 0.5 + 0.003);
    }
}
