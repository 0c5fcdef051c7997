using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Grains.Batches;

/// <summary>
/// Cuts a batch's running statistics into each route's, region's, plant's and option's own share for its grain: one
/// share per member of the batch (a single run has one; a strategy set one per member), to that member's grain.
/// </summary>
internal static class EntityResultsSlicer
{
    private static readonly string[] Kinds = ["route:", "region:", "plant:", "option:"];

    public sealed record Slice(string Entity, string? Strategy, EntityResults Results)
    {
        public IEntityGrain Grain(IGrainFactory factory, string scenarioSha256) => factory.EntityGrain(scenarioSha256, Entity, Strategy);
    }

    public static IEnumerable<Slice> Slices(string batchId, IEnumerable<MemberRunning> members) =>
        members.SelectMany(m => m.Result.Series.Select(s => s.Entity).Distinct()
            .Where(e => Kinds.Any(k => e.StartsWith(k, StringComparison.Ordinal)))
            .Select(e => new Slice(e, m.Strategy, ResultViews.ForEntity(batchId, m.Result, e, final: false))));
}
