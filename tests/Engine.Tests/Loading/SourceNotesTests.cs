using ScenarioGrid.Engine.Model;
using static ScenarioGrid.Engine.Tests.Loading.LoaderTestSupport;

namespace ScenarioGrid.Engine.Tests.Loading;

/// <summary>A value's source note: the comment at the end of the line it was written on, in whichever file wrote it.</summary>
public sealed class SourceNotesTests
{
    private static string? Note(Scenario scenario, string path) =>
        SourceNotes.For(scenario, ScenarioParameters.Enumerate(scenario).First(p => p.Path == path));

    [Fact]
    public void The_trailing_comment_is_the_note_and_a_line_without_one_has_none()
    {
        var s = Load(Mutate(Tiny, "    laborHoursPerKWh: 0.2", "    laborHoursPerKWh: 0.2    # [V] seen at a plant visit #3"));
        Assert.Equal("[V] seen at a plant visit #3", Note(s, "routes.sulfide.laborHoursPerKWh"));
        Assert.Null(Note(s, "routes.sulfide.processEnergyKWhPerKWh"));
        Assert.Equal(new SourceLine("test.yaml", 20), ScenarioParameters.Enumerate(s).First(p => p.Path == "routes.sulfide.laborHoursPerKWh").WrittenAt);
    }

    [Fact]
    public void A_hash_inside_quotes_or_a_word_starts_no_comment()
    {
        var s = Load(Mutate(Tiny, "    name: Sulfide\n", "    name: \"Sulfide #1\"\n").Replace("    laborHoursPerKWh: 0.2", "    laborHoursPerKWh: 0.2 # 'quoted #' part"));
        Assert.Equal("'quoted #' part", Note(s, "routes.sulfide.laborHoursPerKWh"));
    }

    [Fact]
    public void A_value_set_by_a_what_if_has_the_what_ifs_note_and_the_others_keep_the_parents()
    {
        string parent = Mutate(Tiny, "    laborHoursPerKWh: 0.2", "    laborHoursPerKWh: 0.2  # [A] parent's guess");
        string whatIf = """
            id: what-if
            extends: tiny
            set:
              routes.sulfide.processEnergyKWhPerKWh: 25   # [S] the what-if's source
            """;
        var s = Load(whatIf, ("tiny", parent));
        Assert.Equal("[S] the what-if's source", Note(s, "routes.sulfide.processEnergyKWhPerKWh"));
        Assert.Equal("[A] parent's guess", Note(s, "routes.sulfide.laborHoursPerKWh"));
    }
}
