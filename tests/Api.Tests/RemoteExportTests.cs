using ScenarioGrid.Queries;
using ScenarioGrid.Queries.Exports;

namespace ScenarioGrid.Api.Tests;

/// <summary>The CLI's <c>results --server URL --csv DIR --parquet DIR</c> against the real API process: it downloads the export links.</summary>
public sealed class RemoteExportTests(ApiProcess api) : IClassFixture<ApiProcess>
{
    [Fact]
    public async Task The_cli_downloads_the_exports_of_a_remote_batch()
    {
        await api.Client.CreateScenario(TestPaths.Scenario("baseline.yaml"));
        await api.Client.CreateScenario(TestPaths.Scenario("sulfide-vs-oxide.yaml"));
        string id = await api.Client.Submit("sulfide-vs-oxide", 5_000, 3);
        Assert.Equal("COMPLETED", (await api.Client.WaitUntilFinished(id, TimeSpan.FromSeconds(120)))["status"]!.GetValue<string>());

        string csv = Path.Combine(api.Folder, "csv"), parquet = Path.Combine(api.Folder, "parquet");
        var (exit, output, error) = CliRunner.Run("results", id, "--server", api.Url, "--csv", csv, "--parquet", parquet);
        Assert.True(exit == 0, output + error);

        var stored = new ResultQueries(new ScenarioGridDatabase(api.DatabasePath)).Document(id)!;
        foreach (string file in ExportTests.Files)
        {
            Assert.True(ResultExportFiles.TryParse(file, out var table, out var format));
            string path = Path.Combine(format == ExportFormat.Csv ? csv : parquet, file);
            Assert.Contains("wrote " + path, output);
            using var expected = new MemoryStream();
            await ResultExport.WriteAsync(stored, table, format, expected);
            Assert.Equal(expected.ToArray(), await File.ReadAllBytesAsync(path));
        }
    }

    [Fact]
    public async Task The_cli_downloads_every_table_of_a_remote_strategy_set_batch()
    {
        await api.Client.CreateScenario(Path.Combine(TestPaths.RepoRoot(), "tests", "Engine.Tests", "Process", "tiny-v2.yaml"));
        string id = (await api.Client.Post("mutation { submitBatch(scenarioId: \"tiny-v2\", trials: 40, seed: 5, strategySet: true) { id } }"))
            .AssertOk().Data["submitBatch"]!["id"]!.GetValue<string>();
        Assert.Equal("COMPLETED", (await api.Client.WaitUntilFinished(id, TimeSpan.FromSeconds(120)))["status"]!.GetValue<string>());

        string folder = Path.Combine(api.Folder, "set-" + id);
        var (exit, output, error) = CliRunner.Run("results", id, "--server", api.Url, "--csv", folder, "--parquet", folder);
        Assert.True(exit == 0, output + error);

        var stored = new ResultQueries(new ScenarioGridDatabase(api.DatabasePath)).SetDocument(id)!;
        foreach (var table in ResultExportFiles.SetTables)
            foreach (var format in ResultExportFiles.Formats)
            {
                string path = Path.Combine(folder, ResultExportFiles.FileName(table, format));
                Assert.Contains("wrote " + path, output);
                using var expected = new MemoryStream();
                await ResultExport.WriteAsync(stored, table, format, expected);
                Assert.Equal(expected.ToArray(), await File.ReadAllBytesAsync(path));
            }
    }
}
