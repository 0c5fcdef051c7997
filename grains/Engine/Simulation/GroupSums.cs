using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// The running sums of a group (world, a route, a region) in one year: K, X, G and ΣG·c per cost
/// component, one flat array with a stride of the chunk's padded length.
/// </summary>
internal sealed class GroupSums(int length)
{
    /// <summary>The fields: ΣK (nameplate), ΣX (processed), ΣG (good output), then ΣG·c from cost onwards.</summary>
    public const int K = 0, X = 1, G = 2, WeightedCost = 3;
    public const int Fields = WeightedCost + Metrics.CostComponentCount;
    public readonly double[] Values = new double[Fields * length];
    private readonly int _stride = length;

    public void Clear(int width)
    {
        for (int f = 0; f < Fields; f++) Array.Clear(Values, f * _stride, width);
    }

    public ReadOnlySpan<double> Field(int field, int n) => Values.AsSpan(field * _stride, n);

    /// <summary>
    /// Adds one plant's columns to its three groups (world, route, region): K, X, G, and G·c for each cost
    /// component where G &gt; 0 (a plant without good output adds nothing to the cost sums; its cost columns are
    /// NaN). Each column is read once for all three groups; every group still receives the plants in plant order.
    /// <paramref name="width"/> is a padded length (whole vectors), so there is no scalar tail.
    /// </summary>
    public static void Add(GroupSums world, GroupSums route, GroupSums region, MetricColumns plant, double[] processed, int width)
    {
        Debug.Assert(width % Vector256<double>.Count == 0, "group sums run over padded columns");
        double[] output = plant[Metric.OutputGWh];
        AddColumn(world, route, region, K, plant[Metric.CapacityGWh], width);
        AddColumn(world, route, region, X, processed, width);
        AddColumn(world, route, region, G, output, width);
        for (int m = 0; m < Metrics.CostComponentCount; m++)
            AddWeighted(world, route, region, WeightedCost + m, output, plant[Metric.CostUsdPerKWh + m], width);
    }

    private ref double Field(int field) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Values), field * _stride);

    private static void AddColumn(GroupSums a, GroupSums b, GroupSums c, int field, double[] values, int width)
    {
        ref double sa = ref a.Field(field), sb = ref b.Field(field), sc = ref c.Field(field);
        ref double x = ref MemoryMarshal.GetArrayDataReference(values);
        for (int k = 0; k < width; k += Vector256<double>.Count)
        {
            var xk = Vector256.LoadUnsafe(ref x, (nuint)k);
            (Vector256.LoadUnsafe(ref sa, (nuint)k) + xk).StoreUnsafe(ref sa, (nuint)k);
            (Vector256.LoadUnsafe(ref sb, (nuint)k) + xk).StoreUnsafe(ref sb, (nuint)k);
            (Vector256.LoadUnsafe(ref sc, (nuint)k) + xk).StoreUnsafe(ref sc, (nuint)k);
        }
    }

    private static void AddWeighted(GroupSums a, GroupSums b, GroupSums c, int field, double[] output, double[] values, int width)
    {
        ref double sa = ref a.Field(field), sb = ref b.Field(field), sc = ref c.Field(field);
        ref double g = ref MemoryMarshal.GetArrayDataReference(output);
        ref double x = ref MemoryMarshal.GetArrayDataReference(values);
        for (int k = 0; k < width; k += Vector256<double>.Count)
        {
            // Where G is not positive the lane adds +0, which leaves its sum as it was: a sum starting at +0 is never −0.
            var gk = Vector256.LoadUnsafe(ref g, (nuint)k);
            var weighted = Vector256.ConditionalSelect(Vector256.GreaterThan(gk, Vector256<double>.Zero),
                gk * Vector256.LoadUnsafe(ref x, (nuint)k), Vector256<double>.Zero);
            (Vector256.LoadUnsafe(ref sa, (nuint)k) + weighted).StoreUnsafe(ref sa, (nuint)k);
            (Vector256.LoadUnsafe(ref sb, (nuint)k) + weighted).StoreUnsafe(ref sb, (nuint)k);
            (Vector256.LoadUnsafe(ref sc, (nuint)k) + weighted).StoreUnsafe(ref sc, (nuint)k);
        }
    }
}
