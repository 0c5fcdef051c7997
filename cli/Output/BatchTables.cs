using System.Globalization;
using Spectre.Console;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Cli.Output;

public static class BatchTables
{
    private static string Time(DateTimeOffset? t) => t?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "–";

    public static void Print(IReadOnlyList<BatchRecord> batches)
    {
        var table = new Table().AddColumns("batch", "scenario", "status", "trials done", "seed", "created", "finished", "scenario sha256", "model", "software");
        foreach (var b in batches)
            table.AddRow(b.Id, b.ScenarioId, b.Status.ToString(), $"{b.TrialsDone:N0} / {b.Trials:N0}",
                b.Seed.ToString(CultureInfo.InvariantCulture), Time(b.CreatedAt), Time(b.FinishedAt), b.ScenarioSha256[..12],
                b.ModelVersion, b.SoftwareVersion);
        AnsiConsole.Write(table);
    }

    public static void Print(IReadOnlyList<BatchView> batches)
    {
        var table = new Table().AddColumns("batch", "scenario", "status", "trials done", "error");
        foreach (var b in batches)
            table.AddRow(b.Id, b.ScenarioId, b.Status.ToString(), $"{b.TrialsDone:N0} / {b.Trials:N0}", Markup.Escape(b.Error ?? ""));
        AnsiConsole.Write(table);
    }
}
