using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Simulation.Process;

/// <summary>An entry of a plant's potential chain (model-spec-v2 §4.3): a base step or one an option may add.</summary>
/// <param name="AddedBy">the index of the option that adds it (in <see cref="Scenario.Options"/>), −1 for a base step.</param>
public sealed record ChainEntry(ProcessStep Step, int AddedBy)
{
    public string Id => Step.Id;
    public bool InBase => AddedBy < 0;
}

/// <summary>A row of the step series: an entity and one entry of its waterfall (<c>other</c> included).</summary>
public sealed record StepRow(int Index, string Entity, string Step, bool IsPlant)
{
    public bool IsOther => Step == ProcessLayout.Other;
    public bool HasMetric(StepMetric m) => m != StepMetric.StepYield || (IsPlant && !IsOther);
}

/// <summary>
/// Where the steps are: each plant's potential chain (its base chain plus every step an option in scope may add,
/// in the order of §4.3), each route's waterfall order (§5) and the step rows of the result, in document order
/// (routes, then plants, file order; steps in waterfall order). Only entities with a chain have rows.
/// </summary>
public sealed class ProcessLayout
{
    public const string Other = "other";

    /// <summary>Per plant (file order): its potential chain, without <c>other</c>; empty for a plant without steps.</summary>
    public IReadOnlyList<IReadOnlyList<ChainEntry>> PlantChains { get; }

    /// <summary>Per route (file order): its waterfall steps without <c>other</c>; empty when no plant of it has a chain.</summary>
    public IReadOnlyList<IReadOnlyList<string>> RouteSteps { get; }

    public IReadOnlyList<StepRow> Rows { get; }

    private readonly Dictionary<(string Entity, string Step), int> _rowByName = new();

    public ProcessLayout(Scenario s)
    {
        var plantChains = new List<IReadOnlyList<ChainEntry>>();
        foreach (var p in s.Plants)
        {
            var baseChain = p.Process ?? s.Routes.First(r => r.Id == p.RouteId).Process;
            var chain = baseChain is null ? new List<ChainEntry>() : baseChain.Steps.Select(x => new ChainEntry(x, -1)).ToList();
            for (int o = 0; o < s.Options.Count; o++)
            {
                if (!s.Options[o].InScope(p)) continue;
                foreach (var effect in s.Options[o].Effects)
                    switch (effect)
                    {
                        case AddStepEffect a: Insert(chain, new ChainEntry(a.Step, o), a.Position, a.Anchor); break;
                        case ReplaceStepEffect r: Insert(chain, new ChainEntry(r.Step, o), StepPosition.After, r.Replaced); break;
                    }
            }
            plantChains.Add(chain);
        }
        PlantChains = plantChains;

        var routeSteps = new List<IReadOnlyList<string>>();
        foreach (var r in s.Routes)
        {
            var plants = s.Plants.Select((p, i) => (p, i)).Where(x => x.p.RouteId == r.Id && plantChains[x.i].Count > 0).ToList();
            var present = plants.SelectMany(x => plantChains[x.i].Select(e => e.Id)).ToHashSet(StringComparer.Ordinal);
            var order = new List<string>();
            void Add(string id) { if (present.Contains(id) && !order.Contains(id)) order.Add(id); }
            foreach (var step in r.Process?.Steps ?? []) Add(step.Id);
            for (int o = 0; o < s.Options.Count; o++)
                foreach (var effect in s.Options[o].Effects)
                    if (effect is AddStepEffect a) Add(a.Step.Id);
                    else if (effect is ReplaceStepEffect rs) Add(rs.Step.Id);
            foreach (var (p, i) in plants)
                foreach (var e in plantChains[i]) Add(e.Id);
            routeSteps.Add(plants.Count == 0 ? [] : order);
        }
        RouteSteps = routeSteps;

        var rows = new List<StepRow>();
        for (int r = 0; r < s.Routes.Count; r++)
        {
            if (routeSteps[r].Count == 0) continue;
            foreach (var step in routeSteps[r].Append(Other)) rows.Add(new StepRow(rows.Count, "route:" + s.Routes[r].Id, step, false));
        }
        for (int p = 0; p < s.Plants.Count; p++)
        {
            if (plantChains[p].Count == 0) continue;
            foreach (var step in plantChains[p].Select(e => e.Id).Append(Other)) rows.Add(new StepRow(rows.Count, "plant:" + s.Plants[p].Id, step, true));
        }
        Rows = rows;
        foreach (var row in rows) _rowByName[(row.Entity, row.Step)] = row.Index;
    }

    public bool TryFindRow(string entity, string step, out int row) => _rowByName.TryGetValue((entity, step), out row);

    public bool HasSteps(string entity) => Rows.Any(r => r.Entity == entity);

    private static void Insert(List<ChainEntry> chain, ChainEntry entry, StepPosition position, string? anchor)
    {
        if (chain.Any(e => e.Id == entry.Id)) return; // the validator reports it
        int at = anchor is null ? -1 : chain.FindIndex(e => e.Id == anchor);
        if (position == StepPosition.End || at < 0) chain.Add(entry);
        else chain.Insert(position == StepPosition.After ? at + 1 : at, entry);
    }
}
