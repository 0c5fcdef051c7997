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

        var milestones = new Table().Title($"Milestones: probability reached by {last} · median year (– = not by {last})")
            .AddColumn("route");
        var names = r.Milestones.Select(m => m.Milestone).Distinct().ToList();
        foreach (var name in names) milestones.AddColumn(name);
        foreach (var route in r.Milestones.GroupBy(m => m.Entity))
            milestones.AddRow([route.Key, .. names.Select(n => route.Single(m => m.Milestone == n))
                .Select(m => $"{N(m.ProbabilityByEnd, "P0")} · {m.P50?.ToString(CultureInfo.InvariantCulture) ?? "–"}")]);
        AnsiConsole.Write(milestones);

        if (r.Comparisons.Count == 0) return;
        var comparisons = new Table().Title(Markup.Escape($"Paired comparisons (same trial): P(a < b) by year, and a − b in {last}: P50 [P10, P90]"))
            .AddColumns("a", "b", "metric");
        foreach (int year in r.Years) comparisons.AddColumn(year.ToString(CultureInfo.InvariantCulture));
        comparisons.AddColumn($"a − b in {last}");
        foreach (var pair in r.Comparisons.GroupBy(c => (c.A, c.B, c.Metric)))
        {
            var final = pair.Single(c => c.Year == last);
            comparisons.AddRow([pair.Key.A, pair.Key.B, pair.Key.Metric,
                .. r.Years.Select(y => N(pair.Single(c => c.Year == y).ProbabilityALessThanB, "P0")),
                Markup.Escape($"{N(final.DeltaP50)} [{N(final.DeltaP10)}, {N(final.DeltaP90)}]")]);
        }
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
