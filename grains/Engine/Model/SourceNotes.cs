namespace ScenarioGrid.Engine.Model;

/// <summary>
/// The note a scenario author wrote next to a value: the comment at the end of the line it was written on. The
/// shipped scenarios put their source tag there (<c># [V] Burton et al., …</c>, <c>[S]</c> secondary, <c>[A]</c>
/// assumption), which is how a strategist judges a number; YAML drops comments, so they are read from the text.
/// </summary>
public static class SourceNotes
{
    /// <summary>The trailing comment of the parameter's line without its <c>#</c>, or null when there is none.</summary>
    public static string? For(Scenario scenario, Parameter parameter)
    {
        if (parameter.WrittenAt is not { } at) return null;
        var source = scenario.Sources.FirstOrDefault(s => s.FileName == at.FileName);
        return source is null ? null : TrailingComment(LineOf(source.Text, at.Line));
    }

    private static string LineOf(string text, int line)
    {
        int start = 0;
        for (int i = 1; i < line && start >= 0; i++)
        {
            start = text.IndexOf('\n', start);
            if (start >= 0) start++;
        }
        if (start < 0 || start > text.Length) return "";
        int end = text.IndexOf('\n', start);
        return (end < 0 ? text[start..] : text[start..end]).TrimEnd('\r');
    }

    /// <summary>
    /// A <c>#</c> starts a YAML comment only at the start of a line or after whitespace, and not inside quotes;
    /// scenario values are numbers and flow maps of numbers, so tracking quotes is all the scanning needed.
    /// </summary>
    private static string? TrailingComment(string line)
    {
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; }
            else if (c is '"' or '\'') quote = c;
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                string note = line[(i + 1)..].Trim();
                return note.Length == 0 ? null : note;
            }
        }
        return null;
    }
}
