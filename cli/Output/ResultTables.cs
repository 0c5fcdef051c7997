using System.Globalization;
using Spectre.Console;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Cli.Output;

/// <summary>The tables a strategist reads at a glance; the full detail is in the --json document.</summary>
public static class ResultTables
{
    private static string N(double? x, string format = "N1") =>
        x is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static void Print(BatchResult r)
    {
        int last = r.Years[^1];
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.Scenario)}[/]: {r.Trials:N0} trials, seed {r.Seed}, model {r.ModelVersion}");

        var routes = new Table().Title($"Routes in {last}: cell cost (USD/kWh) and good output (GWh/yr)")
            .AddColumns("route", "P(output)", "cost P10", "cost P50", "cost P90", "output P10", "output P50", "output P90");
        foreach (var entity in r.Series.Where(s => s.Entity.StartsWith("route:", StringComparison.Ordinal)).Select(s => s.Entity).Distinct())
        {
            var cost = r.Series.Single(s => s.Entity == entity && s.Metric == "costUsdPerKWh" && s.Year == last);
            var output = r.Series.Single(s => s.Entity == entity && s.Metric == "outputGWh" && s.Year == last);
            routes.AddRow(entity, N((double)cost.Count / r.Trials, "P0"), N(cost.P10), N(cost.P50), N(cost.P90),
                N(output.P10, "N2"), N(output.P50, "N2"), N(output.P90, "N2"));
        }
        AnsiConsole.Write(routes);

        var milestones = new Table().Title($"Milestones: probability reached by {last}, and the year by percentile (– = not by {last})")
            .AddColumns("route", "milestone", "P(by end)", "P10 year", "P50 year", "P90 year");
        foreach (var m in r.Milestones)
            milestones.AddRow(m.Entity, m.Milestone, N(m.ProbabilityByEnd, "P1"),
                m.P10?.ToString(CultureInfo.InvariantCulture) ?? "–", m.P50?.ToString(CultureInfo.InvariantCulture) ?? "–",
                m.P90?.ToString(CultureInfo.InvariantCulture) ?? "–");
        AnsiConsole.Write(milestones);

        if (r.Comparisons.Count == 0) return;
        var comparisons = new Table().Title("Paired comparisons (same trial): P(a < b) and a − b")
            .AddColumns("a", "b", "metric", "year", "trials", "P(a < b)", "Δ mean", "Δ P10", "Δ P50", "Δ P90");
        foreach (var c in r.Comparisons.Where(c => c.Year == last || c.Year == r.Years[0] + (last - r.Years[0]) / 2))
            comparisons.AddRow(c.A, c.B, c.Metric, c.Year.ToString(CultureInfo.InvariantCulture), c.Count.ToString("N0", CultureInfo.InvariantCulture),
                N(c.ProbabilityALessThanB, "P1"), N(c.DeltaMean), N(c.DeltaP10), N(c.DeltaP50), N(c.DeltaP90));
        AnsiConsole.Write(comparisons);
    }

    public static void Print(ReplayedTrial t)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(t.Scenario)}[/]: trial {t.Trial} of seed {t.Seed}");
        var inputs = new Table().Title("Drawn inputs").AddColumns("parameter", "value");
        foreach (var (path, value) in t.Inputs) inputs.AddRow(path, value.ToString("G6", CultureInfo.InvariantCulture));
        AnsiConsole.Write(inputs);

        var years = t.Metrics.Select(m => m.Year).Distinct().Order().ToArray();
        var metrics = new Table().Title("Metrics by year (– = undefined)").AddColumn("entity").AddColumn("metric");
        foreach (int y in years) metrics.AddColumn(y.ToString(CultureInfo.InvariantCulture));
        foreach (var row in t.Metrics.GroupBy(m => (m.Entity, m.Metric)))
            metrics.AddRow([row.Key.Entity, row.Key.Metric, .. row.OrderBy(m => m.Year).Select(m => N(m.Value, "G5"))]);
        AnsiConsole.Write(metrics);
    }

    public static void Print(SensitivityResult s)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(s.Entity)} {s.Metric} {s.Year}[/]: base (all inputs at their medians) {N(s.Tornado.Base, "G6")}");
        var tornado = new Table().Title("Tornado: each input at its P10 and P90, others at P50")
            .AddColumns("parameter", "input P10", "input P90", "output low", "output high", "swing");
        foreach (var b in s.Tornado.Parameters.Take(20))
            tornado.AddRow(b.Path, N(b.InputLow, "G4"), N(b.InputHigh, "G4"), N(b.OutputLow, "G5"), N(b.OutputHigh, "G5"), N(b.Swing, "G4"));
        AnsiConsole.Write(tornado);

        var spearman = new Table().Title($"Spearman rank correlation over the first {s.Spearman.Trials:N0} trials")
            .AddColumns("parameter", "rho", "trials");
        foreach (var r in s.Spearman.Parameters.Take(20))
            spearman.AddRow(r.Path, N(r.Rho, "F3"), r.Count.ToString("N0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(spearman);
        if (s.Tornado.Parameters.Count > 20) AnsiConsole.MarkupLine("(top 20 shown; --json has every parameter)");
    }
}
