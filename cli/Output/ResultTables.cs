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
            milestones.AddRow([route.Key, .. names.Select(n => route.SingleOrDefault(m => m.Milestone == n))
                .Select(m => m is null ? "" : $"{N(m.ProbabilityByEnd, "P0")} · {m.P50?.ToString(CultureInfo.InvariantCulture) ?? "–"}")]);
        AnsiConsole.Write(milestones);
        if (r.Steps is { Count: > 0 } steps) PrintWaterfall(steps, last);

        if (r.Comparisons.Count == 0) return;
        var comparisons = new Table().Title(Markup.Escape($"Paired comparisons (same trial): P(a < b) by year, and a − b in {last}: P50 [P10, P90]"))
            .AddColumns("a", "b", "metric");
        foreach (int year in r.Years) comparisons.AddColumn(year.ToString(CultureInfo.InvariantCulture));
        comparisons.AddColumn($"a − b in {last}");
        foreach (var pair in r.Comparisons.GroupBy(c => (c.A, c.B, c.Metric, c.Step)))
        {
            var final = pair.Single(c => c.Year == last);
            comparisons.AddRow([pair.Key.A, pair.Key.B, pair.Key.Step is null ? pair.Key.Metric : $"{pair.Key.Metric} ({pair.Key.Step})",
                .. r.Years.Select(y => N(pair.Single(c => c.Year == y).ProbabilityALessThanB, "P0")),
                Markup.Escape($"{N(final.DeltaP50)} [{N(final.DeltaP10)}, {N(final.DeltaP90)}]")]);
        }
        AnsiConsole.Write(comparisons);
    }

    /// <summary>Per route, the cost waterfall of the last year: P50 and mean of each step's cost (model v2).</summary>
    private static void PrintWaterfall(IReadOnlyList<StepStatistics> steps, int last)
    {
        var rows = steps.Where(s => s.Entity.StartsWith("route:", StringComparison.Ordinal) && s.Metric == "stepCostUsdPerKWh" && s.Year == last).ToList();
        if (rows.Count == 0) return;
        var table = new Table().Title($"Cost waterfall in {last} (USD/kWh; step costs sum to the route's cost before subsidy)")
            .AddColumns("route", "step", "P50", "mean", "materials", "energy", "labor", "capital", "fixed");
        string Mean(StatsKey key) => N(steps.Single(s => s.Entity == key.Entity && s.Step == key.Step && s.Metric == key.Metric && s.Year == last).Mean);
        foreach (var s in rows)
            table.AddRow(s.Entity, s.Step, N(s.P50), N(s.Mean),
                Mean(new(s.Entity, s.Step, "stepMaterialsUsdPerKWh")), Mean(new(s.Entity, s.Step, "stepEnergyUsdPerKWh")),
                Mean(new(s.Entity, s.Step, "stepLaborUsdPerKWh")), Mean(new(s.Entity, s.Step, "stepCapitalUsdPerKWh")),
                Mean(new(s.Entity, s.Step, "stepFixedUsdPerKWh")));
        AnsiConsole.Write(table);
    }

    private readonly record struct StatsKey(string Entity, string Step, string Metric);

    /// <summary>A strategy set: the base member's tables, then the paired cross-member comparisons by year.</summary>
    public static void Print(SetResult r)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.Scenario)}[/]: {r.Trials:N0} trials × {r.Members.Count} members "
            + $"({string.Join(", ", r.Members.Select(m => m.Strategy))}), seed {r.Seed}, common random numbers");
        int last = r.Years[^1];
        var costs = new Table().Title($"Route cost P50 in {last} by member (USD/kWh)").AddColumn("route");
        foreach (var m in r.Members) costs.AddColumn(m.Strategy);
        foreach (var route in r.Members[0].Series.Where(s => s.Entity.StartsWith("route:", StringComparison.Ordinal)).Select(s => s.Entity).Distinct())
            costs.AddRow([route, .. r.Members.Select(m => N(m.Series.Single(s => s.Entity == route && s.Metric == "costUsdPerKWh" && s.Year == last).P50))]);
        AnsiConsole.Write(costs);
        var table = new Table().Title(Markup.Escape($"Strategy comparisons (same trial): P(a < b) by year, and a − b in {last}: mean, P50 [P10, P90]"))
            .AddColumns("a", "b", "entity", "metric");
        foreach (int year in r.Years) table.AddColumn(year.ToString(CultureInfo.InvariantCulture));
        table.AddColumn($"a − b in {last}");
        foreach (var pair in r.StrategyComparisons.GroupBy(c => (c.A, c.B, c.Entity, c.Metric, c.Step)))
        {
            var final = pair.Single(c => c.Year == last);
            table.AddRow([pair.Key.A, pair.Key.B, pair.Key.Entity, pair.Key.Step is null ? pair.Key.Metric : $"{pair.Key.Metric} ({pair.Key.Step})",
                .. r.Years.Select(y => N(pair.Single(c => c.Year == y).ProbabilityALessThanB, "P0")),
                Markup.Escape($"{N(final.DeltaMean)}, {N(final.DeltaP50)} [{N(final.DeltaP10)}, {N(final.DeltaP90)}]")]);
        }
        AnsiConsole.Write(table);
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
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(s.Entity)} {s.Metric}{(s.Step is null ? "" : " (" + Markup.Escape(s.Step) + ")")} {s.Year}[/]: base (all inputs at their medians) {N(s.Tornado.Base, "G6")}");
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
