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

    /// <summary>
    /// Whether the silo stores the scenarios of <see cref="ScenariosFolder"/> when it starts on a database without any
    /// (the first run); a database with scenarios is never changed. On in the silo host and the API, off in the CLI.
    /// </summary>
    public bool SeedScenarios { get; set; } = true;

    /// <summary>
    /// The <c>*.yaml</c> files stored on the first run (a relative path is relative to the working directory). By default
    /// the shipped <c>scenarios</c> folder, which the build copies next to the binaries.
    /// </summary>
    [Required]
    public string ScenariosFolder { get; set; } = ShippedScenariosFolder;

    /// <summary>
    /// Whether the silo runs Orleans' operator dashboard (grain activations, calls, silo load). Off by default: it has
    /// no authentication and its profiler wraps every grain call. Every silo of a cluster needs it for a full view;
    /// the standalone silo host then serves it at <see cref="DashboardUrl"/>, the API at <c>/orleans/</c>.
    /// </summary>
    public bool Dashboard { get; set; }

    /// <summary>Where the standalone silo host serves the dashboard (only with <see cref="Dashboard"/>). Loopback by default.</summary>
    [Required, Url]
    public string DashboardUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The copy of the repository's <c>scenarios/*.yaml</c> in the build output.</summary>
    public static string ShippedScenariosFolder => Path.Combine(AppContext.BaseDirectory, "scenarios");
}
