using System.ComponentModel.DataAnnotations;
using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Api.Hosting;

/// <summary>
/// The API's settings, configuration section "Api" (appsettings, environment <c>Api__ApiKey=…</c> or arguments
/// <c>--Api:ApiKey …</c>). Validated at start-up. Defaults: loopback only, no API key, the embedded silo.
/// </summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string Section = "Api";

    /// <summary>Where Kestrel listens unless <c>--urls</c> is given. Loopback by default: expose it on purpose.</summary>
    [Required]
    public string ListenUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// The store shared with the silos (the embedded one, or the cluster's): <c>sqlite</c> (the default, the file
    /// <see cref="DatabasePath"/>) or <c>postgres</c> (<see cref="PostgresConnection"/>; docs/cluster.md).
    /// </summary>
    public DatabaseProvider Database { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The SQLite file (with <see cref="Database"/> sqlite).</summary>
    public string DatabasePath { get; set; } = ScenarioGridDatabase.DefaultPath;

    /// <summary>With <see cref="Database"/> postgres: an Npgsql connection string.</summary>
    public string? PostgresConnection { get; set; }

    /// <summary>The store these settings name.</summary>
    /// <exception cref="DatabaseSettingException">They name none.</exception>
    // A method, not a property: ValidatedOptions walks the properties of options objects.
    public DatabaseLocation Store() => DatabaseLocation.FromSettings(Database, DatabasePath, PostgresConnection);

    /// <summary>When set, mutations need the header <c>X-Api-Key</c> with this value. Off (empty) by default.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Largest accepted request body (POST); larger gets 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest accepted selection nesting, introspection included (GraphiQL's schema query is 15 deep).</summary>
    [Range(1, 100)]
    public int MaxDepth { get; set; } = 16;

    /// <summary>Largest accepted complexity (GraphQL.NET's analyzer: each field 1, lists multiply their children by 20).</summary>
    [Range(1, 10_000_000)]
    public int MaxComplexity { get; set; } = 20_000;

    /// <summary>Longest time one request may execute; then it gets a TIMEOUT error.</summary>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>compare</c> recomputes a pair from the engine over the first min(trials, this) trials of the batch.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long CompareMaxTrials { get; set; } = 1_000_000;

    /// <summary>
    /// Complexity of one recomputing field (<c>compare</c>, <c>sensitivity</c>; <c>trial</c> weighs a twentieth): each
    /// runs the engine over up to <see cref="CompareMaxTrials"/> trials, so a request may hold only
    /// MaxComplexity / this many of them (20 by default; 30 aliases of <c>compare</c> are refused at validation).
    /// </summary>
    [Range(1, 10_000_000)]
    public int RecomputeComplexity { get; set; } = 1_000;

    /// <summary>Recomputations (compare, sensitivity, trial) running at once in this server; more wait their turn.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentRecomputations { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Recomputed results kept in memory per (batch, field, arguments): a repeated request is served from them.</summary>
    [Range(0, 100_000)]
    public int RecomputeCacheEntries { get; set; } = 256;

    /// <summary>
    /// Serve Orleans' operator dashboard at <c>/orleans/</c> (off by default: no authentication, and its profiler wraps
    /// every grain call). With an embedded silo that silo runs it; as a client of a cluster, the silos need
    /// <c>Silo:Dashboard</c> too.
    /// </summary>
    public bool OrleansDashboard { get; set; }

    /// <summary>Join an existing cluster as a client instead of hosting a silo (see <see cref="ClusterClientOptions"/>).</summary>
    public ClusterClientOptions Cluster { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? key = null, problem = null;
        try { _ = Store(); }
        catch (DatabaseSettingException e) { (key, problem) = (e.Key, e.Message); }
        if (key is not null) yield return new ValidationResult(problem, [key]);
    }

    public bool IsClusterClient => !string.IsNullOrWhiteSpace(Cluster.Gateway) || Cluster.Clustering == ClusteringMode.Redis;
}

/// <summary>Section "Api:Cluster": how the API finds an existing cluster when it does not host a silo itself.</summary>
public sealed class ClusterClientOptions : ClusterMembershipOptions
{
    /// <summary>Gateway endpoints "host:port[,host:port…]" (localhost clustering). Empty: host an embedded silo.</summary>
    public string? Gateway { get; set; }
}
