using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Grains.Batches;

/// <summary>Cuts a batch's running statistics into each route's, region's and plant's own share for its grain.</summary>
internal static class EntityResultsSlicer
{
    public sealed record Slice(string Entity, EntityResults Results)
    {
        public IEntityGrain Grain(IGrainFactory factory, string scenarioSha256)
        {
            int colon = Entity.IndexOf(':');
            string kind = Entity[..colon], key = $"{scenarioSha256}/{Entity[(colon + 1)..]}";
            return kind switch
            {
                "route" => factory.GetGrain<IRouteGrain>(key),
                "region" => factory.GetGrain<IRegionGrain>(key),
                _ => factory.GetGrain<IPlantGrain>(key),
            };
        }
    }

    public static IEnumerable<Slice> Slices(string batchId, BatchResult result) =>
        result.Series.Select(s => s.Entity).Distinct()
            .Where(e => e.StartsWith("route:", StringComparison.Ordinal) || e.StartsWith("region:", StringComparison.Ordinal)
                        || e.StartsWith("plant:", StringComparison.Ordinal))
            .Select(e => new Slice(e, ResultViews.ForEntity(batchId, result, e, final: false)));
}
