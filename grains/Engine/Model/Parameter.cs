using ScenarioGrid.Engine.Distributions;

namespace ScenarioGrid.Engine.Model;

/// <summary>A numeric model input with its canonical dotted path (spec section 3, "Parameter paths").</summary>
public sealed record Parameter(string Path, Distribution Distribution)
{
    public bool IsFixed => Distribution.IsFixed;

    /// <summary>
    /// Where the value was written (the file of the extends chain and its 1-based line); null for a defaulted field.
    /// It only lets a reader find the value's source note (<see cref="SourceNotes"/>); nothing in the model uses it.
    /// </summary>
    public SourceLine? WrittenAt { get; init; }
}

/// <summary>A line of one file of a scenario's extends chain (file name as the loader was given it).</summary>
public sealed record SourceLine(string FileName, int Line);
