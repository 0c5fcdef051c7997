using System.ComponentModel;
using GraphQL;
using ScenarioGrid.Api.Hosting;
using ScenarioGrid.Api.Services;

namespace ScenarioGrid.Api.Graph;

[Description("The Orleans cluster behind this API.")]
public sealed class Cluster
{
    [Description("embedded (a silo in the API process) or client (joined an existing cluster).")]
    public string Mode([FromServices] BackendInfo backend) => backend.Mode;

    [Description("Every silo in the membership table, with its status (Active, Joining, ShuttingDown, Dead…).")]
    public async Task<IEnumerable<Silo>> Silos([FromServices] ClusterService cluster, CancellationToken cancellationToken) =>
        (await cluster.Silos(cancellationToken)).Select(s => new Silo(s.Address, s.Name, s.HostName, s.Status,
            new DateTimeOffset(DateTime.SpecifyKind(s.StartTime, DateTimeKind.Utc)),
            new DateTimeOffset(DateTime.SpecifyKind(s.IAmAliveTime, DateTimeKind.Utc))));

    [Description("How many checkpointed work units each silo ran for a batch.")]
    public IEnumerable<SiloUnitCount> UnitsPerSilo([FromServices] ClusterService cluster, [Id] string batchId) =>
        cluster.UnitsPerSilo(batchId).Select(r => new SiloUnitCount(r.Silo, r.Units, r.Trials, r.Seconds));

    [Obsolete("Use unitsPerSilo: a work unit was called a chunk, which is the kernel's 1,024 trials. Removed in the next release.")]
    public IEnumerable<SiloChunks> ChunksPerSilo([FromServices] ClusterService cluster, [Id] string batchId) =>
        cluster.UnitsPerSilo(batchId).Select(r => new SiloChunks(r.Silo, r.Units, r.Trials, r.Seconds));
}

public sealed record Silo(string Address, string Name, string HostName, string Status, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeat);

[Name("SiloUnits"), Description("The checkpointed work units of a batch that one silo ran.")]
public sealed record SiloUnitCount(string Silo, int Units, long Trials, double Seconds);

[Description("Deprecated: SiloUnits under its old name.")]
public sealed record SiloChunks(string Silo, int Chunks, long Trials, double Seconds);
