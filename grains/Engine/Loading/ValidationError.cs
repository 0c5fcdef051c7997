namespace ScenarioGrid.Engine.Loading;

/// <summary>
/// One broken rule of a scenario file: where the offending value was written (file, 1-based line and
/// column; for a missing field the map that lacks it; for a value written by <c>set</c> the set entry),
/// the parameter or key path, the value as written (null when missing) and the rule it breaks.
/// </summary>
public sealed record ValidationError(string File, int Line, int Column, string Path, string? Value, string Rule)
{
    /// <summary><c>file:line:column: path: value — rule</c>; a missing value prints as <c>(missing)</c>.</summary>
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Path.Length == 0 ? "(root)" : Path)}: {Value ?? "(missing)"} — {Rule}";
}

/// <summary>Every error of a scenario file and its ancestors, reported at once.</summary>
public sealed class ScenarioValidationException(IReadOnlyList<ValidationError> errors)
    : Exception(Summarize(errors))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;

    private static string Summarize(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string head = errors.Count == 1 ? "1 error in scenario" : $"{errors.Count} errors in scenario";
        const int shown = 100;
        var lines = errors.Take(shown).Select(e => "  " + e);
        if (errors.Count > shown) lines = lines.Append($"  … and {errors.Count - shown} more");
        return head + ":" + Environment.NewLine + string.Join(Environment.NewLine, lines);
    }
}
