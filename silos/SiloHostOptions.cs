using System.ComponentModel.DataAnnotations;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Silo;

/// <summary>
/// Where the silo keeps its data and how it finds its cluster; configuration section "Silo". The embedded
/// default: one silo, localhost clustering, <see cref="ScenarioGridDatabase.DefaultPath"/>.
/// </summary>
public sealed class SiloHostOptions : ClusterMembershipOptions
{
    public const string Section = "Silo";

    [Required]
    public string DatabasePath { get; set; } = ScenarioGridDatabase.DefaultPath;

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>With localhost clustering and several silos: the silo port of the primary silo (0: this one is primary).</summary>
    [Range(0, 65535)]
    public int PrimarySiloPort { get; set; }

    /// <summary>
    /// Whether this silo's supervisor resumes every unfinished batch of the database (a silo host, the API, or the
    /// CLI's <c>resume</c>); the CLI's <c>run</c> only drives its own batch.
    /// </summary>
    public bool ResumeUnfinishedBatches { get; set; } = true;
}
