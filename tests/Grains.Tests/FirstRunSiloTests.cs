using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// Which silos store the shipped scenarios on a database without any: the silo host does (from the copy beside its
/// binaries), the CLI's embedded silo does not (a command works on the file it is given).
/// </summary>
public sealed class FirstRunSiloTests
{
    private static string[] ShippedIds() =>
        [.. Directory.GetFiles(Path.Combine(TestClusters.RepoRoot(), "scenarios"), "*.yaml")
            .Select(f => ScenarioLoader.LoadFile(f).Id).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_silo_process_on_a_fresh_database_stores_the_shipped_scenarios()
    {
        string db = TestClusters.TempDatabase();
        using var silo = StandaloneSilo.Start("first-run", db, EmbeddedSilo.FreePort(), EmbeddedSilo.FreePort(),
            [("Silo:ClusterId", "first-run-" + Guid.NewGuid().ToString("N")[..8])]);
        var scenarios = new ScenarioQueries(new ScenarioGridDatabase(db));
        string[] expected = ShippedIds(), stored = [];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !silo.HasExited)
        {
            if (File.Exists(db))
            {
                stored = [.. scenarios.List().Select(s => s.Id)];
                if (stored.SequenceEqual(expected)) return;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"stored [{string.Join(", ", stored)}], expected [{string.Join(", ", expected)}]:\n{silo.Tail()}");
    }

    [Fact]
    public async Task The_clis_embedded_silo_stores_no_scenarios()
    {
        Assert.NotEmpty(Directory.GetFiles(SiloHostOptions.ShippedScenariosFolder, "*.yaml")); // there would be something to store
        string db = TestClusters.TempDatabase();
        await using var silo = await EmbeddedSilo.StartAsync(db, resumeUnfinishedBatches: false, CancellationToken.None);
        Assert.Empty(silo.Services.GetRequiredService<ScenarioQueries>().List());
    }
}
