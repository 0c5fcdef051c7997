using System.ComponentModel.DataAnnotations;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Silo;

/// <summary>
/// Where the silo keeps its data and how it finds its cluster; configuration section "Silo". The embedded
/// default: one silo, localhost clustering, <see cref="ScenarioGridDatabase.DefaultPath"/>.
/// </summary>
public sealed class SiloHostOptions : ClusterMembershipOptions, IValidatableObject
{
    public const string Section = "Silo";

    /// <summary>
    /// The store: <c>sqlite</c> (the embedded default, the file <see cref="DatabasePath"/>) or <c>postgres</c> (the
    /// database of <see cref="PostgresConnection"/>, shared by the silos of several hosts; docs/cluster.md).
    /// </summary>
    public DatabaseProvider Database { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The SQLite file (with <see cref="Database"/> sqlite).</summary>
    public string DatabasePath { get; set; } = ScenarioGridDatabase.DefaultPath;

    /// <summary>With <see cref="Database"/> postgres: an Npgsql connection string, "Host=db1;Database=scenariogrid;Username=sg;Password=…".</summary>
    public string? PostgresConnection { get; set; }

    /// <summary>The store these settings name.</summary>
    /// <exception cref="DatabaseSettingException">They name none (see <see cref="Validate"/>).</exception>
    // A method, not a property: ValidatedOptions walks the properties of options objects.
    public DatabaseLocation Store() => DatabaseLocation.FromSettings(Database, DatabasePath, PostgresConnection);

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// With Redis clustering: the IP address other hosts reach this silo at (e.g. 10.0.0.11); empty: loopback, one
    /// machine. A routable address makes the silo listen on every interface.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? key = null, problem = null;
        try { _ = Store(); }
        catch (DatabaseSettingException e) { (key, problem) = (e.Key, e.Message); }
        if (key is not null) yield return new ValidationResult(problem, [key]);
        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && !System.Net.IPAddress.TryParse(AdvertisedAddress, out _))
            yield return new ValidationResult($"'{AdvertisedAddress}' is not an IP address", [nameof(AdvertisedAddress)]);
    }

    /// <summary>The copy of the repository's <c>scenarios/*.yaml</c> in the build output.</summary>
    public static string ShippedScenariosFolder => Path.Combine(AppContext.BaseDirectory, "scenarios");
}
