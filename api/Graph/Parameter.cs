using System.ComponentModel;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Api.Graph;

[Description("A numeric model input: its canonical path, its form (fixed, uniform, triangular, pert, normal, lognormal, discrete, percentiles), the form's arguments and the value as YAML text.")]
public sealed record Parameter(
    [property: Description("Canonical dotted path, e.g. routes.sulfide.materials.electrolyte.usdPerKg.")] string Path,
    [property: Description("fixed, uniform, triangular, pert, normal, lognormal, discrete or percentiles.")] string Kind,
    [property: Description("The form's numbers in the order the YAML writes them.")] IReadOnlyList<double> Arguments,
    [property: Description("The value or distribution as written in YAML flow style.")] string Text,
    [property: Description("True for a fixed value, false for an uncertain (drawn) one.")] bool Fixed,
    [property: Description("The comment written at the end of the value's line in its scenario file, without '#': in the shipped scenarios its source tag ([V] seen in the named source, [S] secondary, [A] assumption) and source; null when none, or when the value is a default.")] string? Source)
{
    internal static Parameter From(Engine.Model.Scenario scenario, Engine.Model.Parameter p) =>
        new(p.Path, p.Distribution.Kind, [.. p.Distribution.Arguments], p.Distribution.Describe(), p.IsFixed, SourceNotes.For(scenario, p));

    internal static Parameter From(Grains.ParameterView p) => new(p.Path, p.Kind, p.Arguments, p.Text, p.IsFixed, p.Source);
}

public sealed record EntityAttribute(string Name, string Value);
