using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// The running sums of a group (world, a route, a region) in one year: K, X, G and ΣG·c per cost
/// component, one flat array with a stride of the chunk capacity.
/// </summary>
internal sealed class GroupSums(int capacity)
{
    public const int Fields = 3 + Metrics.CostComponentCount;
    public readonly double[] Values = new double[Fields * capacity];
    private readonly int _stride = capacity;

    public void Clear(int n)
    {
        for (int f = 0; f < Fields; f++) Array.Clear(Values, f * _stride, n);
    }

    public ReadOnlySpan<double> Field(int field, int n) => Values.AsSpan(field * _stride, n);

    /// <summary>
    /// Adds one plant's columns to its three groups (world, route, region): K, X, G, and G·c for each cost
    /// component where G &gt; 0 (a plant without good output adds nothing to the cost sums; its cost columns are
    /// NaN). Each column is read once for all three groups; every group still receives the plants in plant order.
    /// </summary>
    public static void Add(GroupSums world, GroupSums route, GroupSums region, double[][] metrics, double[] processed, int n)
    {
        double[] output = metrics[1];
        AddColumn(world, route, region, 0, metrics[0], n);
        AddColumn(world, route, region, 1, processed, n);
        AddColumn(world, route, region, 2, output, n);
        for (int m = 0; m < Metrics.CostComponentCount; m++) AddWeighted(world, route, region, 3 + m, output, metrics[5 + m], n);
    }

    private ref double Field(int field) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Values), field * _stride);

    private static void AddColumn(GroupSums a, GroupSums b, GroupSums c, int field, double[] values, int n)
    {
        ref double sa = ref a.Field(field), sb = ref b.Field(field), sc = ref c.Field(field);
        ref double x = ref MemoryMarshal.GetArrayDataReference(values);
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; k <= n - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                var xk = Vector256.LoadUnsafe(ref x, (nuint)k);
                (Vector256.LoadUnsafe(ref sa, (nuint)k) + xk).StoreUnsafe(ref sa, (nuint)k);
                (Vector256.LoadUnsafe(ref sb, (nuint)k) + xk).StoreUnsafe(ref sb, (nuint)k);
                (Vector256.LoadUnsafe(ref sc, (nuint)k) + xk).StoreUnsafe(ref sc, (nuint)k);
            }
        for (; k < n; k++)
        {
            double xk = Unsafe.Add(ref x, k);
            Unsafe.Add(ref sa, k) += xk;
            Unsafe.Add(ref sb, k) += xk;
            Unsafe.Add(ref sc, k) += xk;
        }
    }

    private static void AddWeighted(GroupSums a, GroupSums b, GroupSums c, int field, double[] output, double[] values, int n)
    {
        ref double sa = ref a.Field(field), sb = ref b.Field(field), sc = ref c.Field(field);
        ref double g = ref MemoryMarshal.GetArrayDataReference(output);
        ref double x = ref MemoryMarshal.GetArrayDataReference(values);
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; k <= n - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                var gk = Vector256.LoadUnsafe(ref g, (nuint)k);
                var weighted = Vector256.ConditionalSelect(Vector256.GreaterThan(gk, Vector256<double>.Zero),
                    gk * Vector256.LoadUnsafe(ref x, (nuint)k), Vector256<double>.Zero);
                (Vector256.LoadUnsafe(ref sa, (nuint)k) + weighted).StoreUnsafe(ref sa, (nuint)k);
                (Vector256.LoadUnsafe(ref sb, (nuint)k) + weighted).StoreUnsafe(ref sb, (nuint)k);
                (Vector256.LoadUnsafe(ref sc, (nuint)k) + weighted).StoreUnsafe(ref sc, (nuint)k);
            }
        for (; k < n; k++)
        {
            double gk = Unsafe.Add(ref g, k);
            if (!(gk > 0)) continue;
            double weighted = gk * Unsafe.Add(ref x, k);
            Unsafe.Add(ref sa, k) += weighted;
            Unsafe.Add(ref sb, k) += weighted;
            Unsafe.Add(ref sc, k) += weighted;
        }
    }
}
