namespace ScenarioGrid.Silo;

/// <summary>
/// Where the silo keeps its data and how it finds its cluster. The embedded default: one silo, localhost
/// clustering, <c>./data/scenariogrid.db</c>. Bound from configuration section "Silo".
/// </summary>
public sealed class SiloSettings
{
    public string DatabasePath { get; set; } = "data/scenariogrid.db";

    /// <summary>"localhost" (one machine; several silos name the primary's port) or "redis".</summary>
    public string Clustering { get; set; } = "localhost";

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>With localhost clustering and several silos: the silo port of the primary silo (0: this one is primary).</summary>
    public int PrimarySiloPort { get; set; }

    /// <summary>With Redis clustering: the StackExchange.Redis connection string, e.g. "127.0.0.1:6379".</summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    public string ClusterId { get; set; } = "scenariogrid";

    /// <summary>
    /// Whether this silo's supervisor resumes every unfinished batch of the database (a silo host, or the
    /// CLI's <c>resume</c>); the CLI's <c>run</c> only drives its own batch.
    /// </summary>
    public bool ResumeUnfinishedBatches { get; set; } = true;
    public string ServiceId { get; set; } = "scenariogrid";
}
