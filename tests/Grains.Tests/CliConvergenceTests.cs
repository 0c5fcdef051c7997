using System.Globalization;
using System.Text.RegularExpressions;

namespace ScenarioGrid.Grains.Tests;

/// <summary>The CLI's stop-when-converged and priority options, through the real CLI process.</summary>
public class CliConvergenceTests
{
    private const string File = TestClusters.V1Scenarios + "sulfide-vs-oxide.yaml";

    [Fact]
    public void Run_until_p50_stops_early_says_how_many_trials_ran_and_a_run_of_that_many_gives_the_same_results()
    {
        string folder = Path.GetDirectoryName(TestClusters.TempDatabase())!;
        Directory.CreateDirectory(folder);
        string stoppedJson = Path.Combine(folder, "stopped.json"), rerunJson = Path.Combine(folder, "rerun.json");
        var stopped = CliProcess.Run(null, "run", File, "--trials", "2000000", "--seed", "11", "--unit", "4096", "--until-p50", "0.02",
            "--priority", "interactive", "--db", Path.Combine(folder, "a.db"), "--json", stoppedJson);
        Assert.True(stopped.Exit == 0, stopped.Err);
        var line = Regex.Match(stopped.Out, @"converged: stopped after (\S+) of (\S+) trials");
        Assert.True(line.Success, stopped.Out);
        long trials = long.Parse(Regex.Replace(line.Groups[1].Value, "[^0-9]", ""), CultureInfo.InvariantCulture);
        Assert.Equal(0, trials % 4096);
        Assert.InRange(trials, 16 * 4096, 2_000_000 - 1);

        var rerun = CliProcess.Run(null, "run", File, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--seed", "11", "--unit", "4096",
            "--db", Path.Combine(folder, "b.db"), "--json", rerunJson);
        Assert.True(rerun.Exit == 0, rerun.Err);
        Assert.DoesNotContain("converged", rerun.Out);
        JsonResultAssert.Equivalent(System.IO.File.ReadAllText(rerunJson), System.IO.File.ReadAllText(stoppedJson));
    }

    [Theory]
    [InlineData("--until-p50", "0", "--until-p50 must be a number above 0")]
    [InlineData("--until-p50", "-0.01", "--until-p50 must be a number above 0")]
    [InlineData("--until-probability", "1.5", "--until-probability must be a number between 0 and 1")]
    [InlineData("--until-min-units", "20", "--until-min-units needs --until-p50 or --until-probability")]
    [InlineData("--priority", "urgent", "--priority must be interactive, normal or overnight, not 'urgent'")]
    public void Bad_queue_and_stop_options_are_usage_errors(string option, string value, string message)
    {
        var r = CliProcess.Run(null, "run", File, "--trials", "1000", "--seed", "1", option, value, "--db", TestClusters.TempDatabase());
        Assert.Equal(2, r.Exit);
        Assert.Contains(message, r.Err);
    }
}
