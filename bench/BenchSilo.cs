using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Bench;

/// <summary>
/// An embedded silo over a fresh database in a temporary folder, with the bench's scenario stored, for the modes that
/// time batches through the grains; disposing stops the silo and removes the folder.
/// </summary>
internal sealed class BenchSilo : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scenariogrid-bench", Guid.NewGuid().ToString("N"));

    public EmbeddedSilo Silo { get; }
    public string ScenarioSha256 { get; }

    public BenchSilo(Engine.Model.Scenario scenario)
    {
        try
        {
            Silo = EmbeddedSilo.StartAsync(Path.Combine(_folder, "bench.db"), resumeUnfinishedBatches: false, CancellationToken.None)
                .GetAwaiter().GetResult();
            var added = Silo.Grains.GetGrain<IScenarioCatalogGrain>(IScenarioCatalogGrain.Key).Add(scenario.ToUpload()).GetAwaiter().GetResult();
            ScenarioSha256 = added.Scenario?.Sha256 ?? throw new InvalidOperationException($"scenario not stored: {string.Join("; ", added.Errors)}");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Submits a batch and waits, polling every <paramref name="poll"/>, until it has finished.</summary>
    public BatchView RunToEnd(string id, BatchRequest request, TimeSpan poll)
    {
        var grain = Silo.Grains.GetGrain<IBatchGrain>(id);
        grain.Submit(request).GetAwaiter().GetResult();
        return grain.WaitUntilFinished(poll).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Silo?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } // also when it was never made
    }
}
