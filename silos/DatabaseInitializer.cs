using Microsoft.Extensions.Hosting;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Silo;

/// <summary>
/// Opens the database when the host starts, before the silo (it is registered first): a corrupt, newer or
/// unwritable file fails start-up with a clear error, and an older one is migrated before any grain runs.
/// </summary>
internal sealed class DatabaseInitializer(ScenarioGridDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.Run(database.Initialize, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
