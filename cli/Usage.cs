namespace ScenarioGrid.Cli;

public static class Usage
{
    public static int Print(TextWriter w, int exitCode)
    {
        w.WriteLine("""
            scenariogrid — Monte Carlo scenarios for solid-state battery routes

            usage:
              scenariogrid validate FILE
              scenariogrid run FILE --trials N --seed S [--chunk K] [--threads T] [--json OUT]
              scenariogrid replay FILE --seed S --trial I [--json OUT]
              scenariogrid sensitivity FILE --seed S --trials N --entity E --metric M --year Y [--json OUT]

            FILE is a scenario YAML (see scenarios/README.md); `extends` finds parents in the same folder.
            Seeds are whole numbers 0 ≤ S < 2^53. Exit codes: 0 ok, 2 invalid input, 1 failure.
            """);
        return exitCode;
    }
}
