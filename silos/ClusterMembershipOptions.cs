using System.ComponentModel.DataAnnotations;

namespace ScenarioGrid.Silo;

/// <summary>How a silo or a client finds the silos of its cluster.</summary>
public enum ClusteringMode
{
    /// <summary>One machine: silos name the primary silo's port (<see cref="SiloHostOptions.PrimarySiloPort"/>).</summary>
    Localhost,

    /// <summary>Membership in Redis (<see cref="ClusterMembershipOptions.Redis"/>): no primary, any silo may die.</summary>
    Redis,
}

/// <summary>What a silo (section "Silo") and the API as a client (section "Api:Cluster") both need to find a cluster.</summary>
public class ClusterMembershipOptions
{
    public ClusteringMode Clustering { get; set; } = ClusteringMode.Localhost;

    /// <summary>With Redis clustering: the StackExchange.Redis connection string, e.g. "127.0.0.1:6379".</summary>
    [Required]
    public string Redis { get; set; } = "127.0.0.1:6379";

    [Required]
    public string ClusterId { get; set; } = "scenariogrid";

    [Required]
    public string ServiceId { get; set; } = "scenariogrid";
}
