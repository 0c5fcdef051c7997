using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScenarioGrid.Grains;
using ScenarioGrid.Grains.Batches;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Silo;

/// <summary>
/// Every few seconds, asks each unfinished batch in the database to resume. After a crash or a silo's
/// death this re-activates the batch grain (on any live silo) and it continues from its checkpoint;
/// for a batch that is running it is a cheap no-op. Every silo runs one: any of them may be the survivor.
/// </summary>
public sealed partial class BatchSupervisor(IGrainFactory grains, BatchQueries batches, IOptions<BatchOptions> options,
    ILogger<BatchSupervisor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var batch in await Task.Run(batches.Unfinished, stoppingToken))
                    await grains.GetGrain<IBatchGrain>(batch.Id).Resume(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogResumeFailed(e);
            }
            try { await Task.Delay(options.Value.SupervisorInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming unfinished batches failed; will retry")]
    private partial void LogResumeFailed(Exception e);
}
