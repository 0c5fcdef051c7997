using ScenarioGrid.Engine.Distributions;

namespace ScenarioGrid.Engine.Model;

/// <summary>A numeric model input with its canonical dotted path (spec section 3, "Parameter paths").</summary>
public sealed record Parameter(string Path, Distribution Distribution)
{
    public bool IsFixed => Distribution.IsFixed;
}
