using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Services;

/// <summary>The cluster's silos (Orleans membership, through the management grain) and where a batch's work units ran.</summary>
public sealed class ClusterService(IGrainFactory grains, BatchQueries batches)
{
    public async Task<IReadOnlyList<SiloInfo>> Silos(CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        return [.. hosts.OrderBy(h => h.StartTime).Select(h => new SiloInfo(h.SiloAddress.ToString(), h.SiloName ?? "", h.HostName ?? "",
            h.Status.ToString(), h.StartTime, h.IAmAliveTime))];
    }

    /// <summary>Checkpointed work units of the batch per silo (by the silo address the worker reported).</summary>
    public IReadOnlyList<SiloUnits> UnitsPerSilo(string batchId) => batches.UnitsPerSilo(batchId);
}

public sealed record SiloInfo(string Address, string Name, string HostName, string Status, DateTime StartTime, DateTime IAmAliveTime);
