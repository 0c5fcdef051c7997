namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// The kernel's value columns for one entity's year, one per <see cref="Metric"/>, so that a formula names the
/// metric it writes instead of its position in the output order. A struct over the array of columns: indexed inside
/// a vector loop it compiles to indexing that array (as a class it added a load and a range check to every store).
/// </summary>
internal readonly struct MetricColumns(int length)
{
    private readonly double[][] _columns = Enumerable.Range(0, Metrics.Count).Select(_ => new double[length]).ToArray();

    public double[] this[Metric metric] => _columns[(int)metric];
}
