using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Silo;

/// <summary>
/// First run: once the silo has started on a database without scenarios, stores the shipped scenario files
/// (<see cref="SiloHostOptions.ScenariosFolder"/>) through the catalog grain, each after the files it extends, so
/// a new user's first query lists them and a batch can be submitted at once. A database holding any scenario is
/// left alone: nothing a user stored is touched and a restart stores nothing. A file that does not validate is
/// logged and skipped; no failure here stops the silo.
/// </summary>
internal sealed partial class ScenarioSeeder(string folder, IGrainFactory grains, ScenarioQueries scenarios,
    FirstRunSeeding seeding, ILogger<ScenarioSeeder> logger) : IHostedLifecycleService
{
    // StartedAsync runs after every hosted service's StartAsync, the silo's included, and before the host reports
    // that it has started. An API host's HTTP server accepts requests by then already: its GraphQL endpoint waits on
    // FirstRunSeeding, so the first query after start-up sees the scenarios.
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Seed(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(e, folder);
        }
        finally
        {
            seeding.Complete();
        }
    }

    private async Task Seed(CancellationToken cancellationToken)
    {
        if (await Task.Run(scenarios.Any, cancellationToken)) return;
        string path = Path.GetFullPath(folder);
        if (!Directory.Exists(path))
        {
            LogNoFolder(path);
            return;
        }
        var catalog = grains.GetGrain<IScenarioCatalogGrain>(IScenarioCatalogGrain.Key);
        var stored = new List<string>();
        foreach (var scenario in await Task.Run(() => LoadParentsFirst(path), cancellationToken))
        {
            var added = await catalog.Add(scenario.ToUpload(), cancellationToken);
            if (added.Scenario is { } s) stored.Add(s.Id);
            else LogInvalid(Path.GetFileName(scenario.Sources[0].FileName), added.Errors.Count, string.Join("; ", added.Errors.Take(3)));
        }
        LogStored(stored.Count, path, string.Join(", ", stored));
    }

    /// <summary>
    /// The folder's valid files, each after the files it extends. The loader resolves a file's <c>extends</c> within
    /// the folder; the chain it read (the file, its parent, the parent's parent…) is one longer than its parent's,
    /// so ordering by chain length puts parents first (a stable order: by file name within one length).
    /// </summary>
    private List<Scenario> LoadParentsFirst(string path)
    {
        var loaded = new List<Scenario>();
        foreach (string file in Directory.GetFiles(path, "*.yaml").Order(StringComparer.Ordinal))
        {
            try
            {
                loaded.Add(ScenarioLoader.LoadFile(file));
            }
            catch (ScenarioValidationException e)
            {
                LogInvalid(Path.GetFileName(file), e.Errors.Count, string.Join("; ", e.Errors.Take(3)));
            }
        }
        return [.. loaded.OrderBy(s => s.Sources.Count)];
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "First run: stored {Count} shipped scenarios from {Folder}: {Ids}")]
    private partial void LogStored(int count, string folder, string ids);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shipped scenario {File} skipped: {ErrorCount} validation errors, first: {Errors}")]
    private partial void LogInvalid(string file, int errorCount, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No shipped scenarios stored: the folder {Folder} does not exist (Silo:ScenariosFolder)")]
    private partial void LogNoFolder(string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing the shipped scenarios from {Folder} failed; the silo runs without them")]
    private partial void LogFailed(Exception e, string folder);
}
