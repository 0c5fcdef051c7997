using ScenarioGrid.Engine.Random;

namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// The drawn parameter values of a chunk of trials, one column per parameter (structure of arrays).
/// Fixed parameters are filled once; uncertain ones are redrawn for every chunk.
/// </summary>
public sealed class TrialInputs
{
    private readonly CompiledModel _model;
    private readonly double[] _uniforms;
    private readonly double[][] _correlatedUniforms;

    /// <summary>Values[parameter][trial within chunk]; each column is <see cref="ColumnMath.PaddedLength"/>(Capacity) long.</summary>
    public double[][] Values { get; }
    public int Capacity { get; }
    public int Count { get; private set; }

    public TrialInputs(CompiledModel model, int capacity)
    {
        _model = model;
        Capacity = capacity;
        Values = new double[model.Parameters.Count][];
        for (int i = 0; i < Values.Length; i++)
        {
            // Padded to whole vectors: the kernel's padded lanes read these columns (and ignore what they hold).
            Values[i] = new double[ColumnMath.PaddedLength(capacity)];
            if (model.Parameters[i].IsFixed) Array.Fill(Values[i], model.Parameters[i].Distribution.Quantile(0.5));
        }
        _uniforms = new double[capacity];
        _correlatedUniforms = model.CorrelatedSet.Select(_ => new double[capacity]).ToArray();
    }

    /// <summary>Draws trials <paramref name="firstTrial"/> .. +count−1 from the counter-based RNG (spec section 3).</summary>
    public void Draw(ulong[] streams, long firstTrial, int count)
    {
        Check(count);
        var correlated = _model.CorrelatedSet;
        foreach (int p in _model.Uncertain)
        {
            if (Array.IndexOf(correlated, p) >= 0) continue;
            var u = _uniforms.AsSpan(0, count);
            CounterRng.Uniforms(streams[p], firstTrial, u);
            _model.Parameters[p].Distribution.Quantiles(u, Values[p].AsSpan(0, count));
        }
        if (_model.Copula is { } copula)
        {
            for (int k = 0; k < correlated.Length; k++)
                CounterRng.Uniforms(streams[correlated[k]], firstTrial, _correlatedUniforms[k].AsSpan(0, count));
            copula.TransformColumns(_correlatedUniforms, count);
            for (int k = 0; k < correlated.Length; k++)
                _model.Parameters[correlated[k]].Distribution.Quantiles(
                    _correlatedUniforms[k].AsSpan(0, count), Values[correlated[k]].AsSpan(0, count));
        }
    }

    /// <summary>
    /// Sets uncertain parameters from explicit uniforms, no copula: trial k, parameter p gets
    /// <c>uniform(p, k)</c>. Used by the tornado (u = 0.1 / 0.5 / 0.9).
    /// </summary>
    public void SetFromUniforms(int count, Func<int, int, double> uniform)
    {
        Check(count);
        foreach (int p in _model.Uncertain)
            for (int k = 0; k < count; k++)
                Values[p][k] = _model.Parameters[p].Distribution.Quantile(uniform(p, k));
    }

    private void Check(int count)
    {
        if (count < 1 || count > Capacity) throw new ArgumentOutOfRangeException(nameof(count));
        Count = count;
    }
}
