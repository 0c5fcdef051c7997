using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>A parsed numeric field: its parameter and the node it was written at (the map lacking it for a default).</summary>
internal sealed record FieldValue(Parameter Parameter, YNode Node)
{
    public double Fixed => ((FixedValue)Parameter.Distribution).Value;
}
