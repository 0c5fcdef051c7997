using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace ScenarioGrid.Grains.Placement;

/// <summary>
/// Places a grain keyed <c>{anything}/{n}</c> on the (n mod S)-th of the S compatible silos, ordered by
/// address. A batch's simulation slots 0..k−1 therefore spread evenly over the cluster, deterministically;
/// the default resource-optimised placement clusters CPU-heavy activations on a few silos.
/// </summary>
[Serializable, GenerateSerializer, Immutable, Alias("sg.SpreadPlacement")]
public sealed class SpreadPlacementStrategy : PlacementStrategy
{
    internal static readonly SpreadPlacementStrategy Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SpreadPlacementAttribute() : PlacementAttribute(SpreadPlacementStrategy.Instance);

public sealed class SpreadPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        SiloAddress[] silos;
        try
        {
            silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        }
        catch (OrleansException)
        {
            // No active silo at all: this is the last silo, shutting down, asking where to migrate its workers
            // (Orleans moves activations off a stopping silo). Staying here cancels the migration; the unit
            // in flight is redone from the batch's last checkpoint. Throwing would log an error and retry.
            return Task.FromResult(context.LocalSilo);
        }
        string key = target.GrainIdentity.Key.ToString() ?? "";
        int slash = key.LastIndexOf('/');
        int slot = slash >= 0 && int.TryParse(key[(slash + 1)..], out int n) ? n : (key.GetHashCode() & int.MaxValue);
        return Task.FromResult(silos[slot % silos.Length]);
    }
}
