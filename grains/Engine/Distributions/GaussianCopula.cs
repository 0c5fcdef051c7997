using System.Buffers;

namespace ScenarioGrid.Engine.Distributions;

/// <summary>
/// The Gaussian copula of model-spec section 3: per trial z_k = Φ⁻¹(u_k), z'_i = Σ_{j≤i} C_ij·z_j summed in
/// ascending j with C the lower Cholesky factor of the correlation matrix, u'_i = Φ(z'_i) clamped to
/// [2⁻⁵³, 1 − 2⁻⁵³]. Immutable and safe to share between threads.
/// </summary>
public sealed class GaussianCopula
{
    /// <summary>2⁻⁵³ and 1 − 2⁻⁵³: the clamp of the transformed uniforms.</summary>
    public const double MinUniform = 1.0 / 9007199254740992.0;
    public const double MaxUniform = 1.0 - 1.0 / 9007199254740992.0;

    /// <summary>A Cholesky pivot at or below this is not positive definite.</summary>
    public const double PivotTolerance = 1e-12;

    private readonly double[][] _lower; // row i holds C_i0 .. C_ii

    /// <summary>The correlated parameter paths, in the order the uniforms are given (ordinal path order).</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>The correlation matrix (1 on the diagonal, 0 for unlisted pairs).</summary>
    public double[,] Correlation { get; }

    /// <summary>The lower Cholesky factor C of <see cref="Correlation"/>.</summary>
    public double[,] Cholesky { get; }

    public int Count => Paths.Count;

    /// <param name="paths">The parameters of the set, already in ordinal path order.</param>
    /// <param name="pairs">(i, j, rho) with i ≠ j indices into <paramref name="paths"/> and −1 &lt; rho &lt; 1.</param>
    /// <exception cref="ArgumentException">for a bad pair, or when the matrix is not positive definite.</exception>
    public GaussianCopula(IReadOnlyList<string> paths, IEnumerable<(int I, int J, double Rho)> pairs)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(pairs);
        int n = paths.Count;
        Paths = paths.ToArray();
        var corr = new double[n, n];
        var seen = new bool[n, n];
        for (int i = 0; i < n; i++) corr[i, i] = 1.0;
        foreach (var (i, j, rho) in pairs)
        {
            if ((uint)i >= (uint)n || (uint)j >= (uint)n)
                throw new ArgumentException($"correlation pair ({i}, {j}) is outside the {n} parameters");
            if (i == j) throw new ArgumentException($"correlation pair names {paths[i]} twice");
            if (!(rho > -1 && rho < 1)) throw new ArgumentException($"correlation of {paths[i]} and {paths[j]} must lie in (-1, 1), got {rho}");
            if (seen[i, j]) throw new ArgumentException($"correlation of {paths[i]} and {paths[j]} is given twice");
            seen[i, j] = seen[j, i] = true;
            corr[i, j] = corr[j, i] = rho;
        }
        Correlation = corr;
        if (!TryCholesky(corr, out var lower))
            throw new ArgumentException($"correlation matrix of [{string.Join(", ", Paths)}] is not positive definite");
        Cholesky = lower;
        _lower = new double[n][];
        for (int i = 0; i < n; i++)
        {
            _lower[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) _lower[i][j] = lower[i, j];
        }
    }

    /// <summary>
    /// Lower Cholesky factor L with L·Lᵀ = <paramref name="corr"/> (sums in ascending index order).
    /// False when a pivot is ≤ <see cref="PivotTolerance"/> (not positive definite) or the matrix is not
    /// square, symmetric and finite.
    /// </summary>
    public static bool TryCholesky(double[,] corr, out double[,] lower)
    {
        ArgumentNullException.ThrowIfNull(corr);
        int n = corr.GetLength(0);
        lower = new double[n, n];
        if (corr.GetLength(1) != n) return false;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (!double.IsFinite(corr[i, j]) || corr[i, j] != corr[j, i]) return false;
        for (int j = 0; j < n; j++)
        {
            double pivot = corr[j, j];
            for (int k = 0; k < j; k++) pivot -= lower[j, k] * lower[j, k];
            if (!(pivot > PivotTolerance)) return false;
            double d = Math.Sqrt(pivot);
            lower[j, j] = d;
            for (int i = j + 1; i < n; i++)
            {
                double s = corr[i, j];
                for (int k = 0; k < j; k++) s -= lower[i, k] * lower[j, k];
                lower[i, j] = s / d;
            }
        }
        return true;
    }

    /// <summary>One trial: <paramref name="u"/> holds the set's uniforms in set order and is transformed in place.</summary>
    public void Transform(Span<double> u)
    {
        int n = _lower.Length;
        if (u.Length != n) throw new ArgumentException($"expected {n} uniforms, got {u.Length}", nameof(u));
        Span<double> z = n <= 64 ? stackalloc double[n] : new double[n];
        for (int k = 0; k < n; k++) z[k] = NormalMath.InverseCdf(u[k]);
        for (int i = 0; i < n; i++)
        {
            double[] row = _lower[i];
            double s = 0;
            for (int j = 0; j <= i; j++) s += row[j] * z[j];
            u[i] = Clamp(NormalMath.Cdf(s));
        }
    }

    /// <summary>
    /// A chunk of trials: <c>columns[k][t]</c> is parameter k's uniform in trial t (t &lt; count), transformed in
    /// place with exactly the arithmetic of <see cref="Transform"/> for every trial.
    /// </summary>
    public void TransformColumns(double[][] columns, int count)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int n = _lower.Length;
        if (columns.Length != n) throw new ArgumentException($"expected {n} columns, got {columns.Length}", nameof(columns));
        if (count <= 0) return;
        foreach (var c in columns)
            if (c is null || c.Length < count) throw new ArgumentException("a column is shorter than count", nameof(columns));

        double[] z = ArrayPool<double>.Shared.Rent(n * count);
        double[] s = ArrayPool<double>.Shared.Rent(count);
        try
        {
            for (int k = 0; k < n; k++)
                NormalMath.InverseCdfs(columns[k].AsSpan(0, count), z.AsSpan(k * count, count));
            var acc = s.AsSpan(0, count);
            for (int i = 0; i < n; i++)
            {
                double[] row = _lower[i];
                acc.Clear();
                for (int j = 0; j <= i; j++)
                {
                    double cij = row[j];
                    var zj = z.AsSpan(j * count, count);
                    for (int t = 0; t < acc.Length; t++) acc[t] += cij * zj[t];
                }
                var col = columns[i];
                for (int t = 0; t < count; t++) col[t] = Clamp(NormalMath.Cdf(acc[t]));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(z);
            ArrayPool<double>.Shared.Return(s);
        }
    }

    private static double Clamp(double u) => u < MinUniform ? MinUniform : (u > MaxUniform ? MaxUniform : u);
}
