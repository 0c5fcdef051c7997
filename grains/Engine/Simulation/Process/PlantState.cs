using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Simulation.Process;

/// <summary>
/// One plant's per-trial state for a chunk in <see cref="ProcessKernel"/>: realised SOP (§4.1), the options adopted
/// at SOP and the entries present (§4.2–4.3), the effective value of every key under the current adoption mask, the
/// rest shares of <c>other</c>, the capex vintage of every entry and the cumulative output.
/// </summary>
internal sealed class PlantState
{
    public PlantPlan Plan { get; }
    public double[] Sop, Delay, Cumulative, Crf;
    public ulong[] Mask, SopAdopted, Present;
    public double[][] Rest;           // energy, labour, capex, atmosphere: [trial]
    public double[][] Vintage;        // entry → [trial]
    /// <summary>Key → values by trial: the input column itself for a key no option touches, else the plant's own column.</summary>
    public double[][] Effective;
    private readonly double[][] _constants;
    private readonly double[]?[] _own;
    private readonly int _cap;

    public PlantState(PlantPlan plan, int capacity)
    {
        Plan = plan;
        _cap = capacity;
        Sop = new double[capacity]; Delay = new double[capacity]; Cumulative = new double[capacity]; Crf = new double[capacity];
        Mask = new ulong[capacity]; SopAdopted = new ulong[capacity]; Present = new ulong[capacity];
        Rest = Enumerable.Range(0, 4).Select(_ => new double[capacity]).ToArray();
        Vintage = plan.Entries.Select(_ => new double[capacity]).ToArray();
        _constants = plan.Keys.Select(key => key.BaseColumn >= 0 ? [] : Enumerable.Repeat(key.Constant, capacity).ToArray()).ToArray();
        Effective = new double[plan.Keys.Count][];
        _own = plan.Keys.Select(key => key.Effects.Count == 0 ? null : new double[capacity]).ToArray();
    }

    /// <summary>Round half up, as v1 rounds delays: floor(x + 0.5).</summary>
    public static double Round(double x) => Math.Floor(x + 0.5);

    private double[] BaseOf(double[][] v, int key) => Plan.Keys[key].BaseColumn >= 0 ? v[Plan.Keys[key].BaseColumn] : _constants[key];

    public void Prepare(double[][] v, RegionSlots region, int n)
    {
        for (int key = 0; key < Plan.Keys.Count; key++)
            Effective[key] = _own[key] ?? BaseOf(v, key);
        double[] delay = v[Plan.Delay];
        var readiness = Plan.Entries.Where(e => e.InBase && e.Readiness >= 0).Select(e => v[e.Readiness]).ToArray();
        for (int k = 0; k < n; k++)
        {
            Delay[k] = Math.Max(0, Math.Floor(delay[k] + 0.5));
            double required = double.NegativeInfinity;
            foreach (var r in readiness) required = Math.Max(required, Round(r[k]));
            double sop = Math.Max(Plan.AnnouncedSop + Delay[k], required);
            Sop[k] = sop;
            Delay[k] = sop - Plan.AnnouncedSop; // D' of §4.1: the whole capacity schedule shifts with it
            Cumulative[k] = 0;

            ulong adopted = 0, present = Plan.BaseEntries;
            foreach (var o in Plan.Options)
            {
                if (o.Adoption != AdoptionRule.Sop || !(Round(v[o.Readiness][k]) <= sop)) continue;
                adopted |= 1UL << o.Bit;
                foreach (var (effect, entry, anchor) in o.Structure)
                    switch (effect)
                    {
                        case AddStepEffect: present |= 1UL << entry; break;
                        case RemoveStepEffect: present &= ~(1UL << entry); break;
                        case ReplaceStepEffect when (present >> anchor & 1) != 0:
                            present = (present & ~(1UL << anchor)) | 1UL << entry;
                            break;
                    }
            }
            SopAdopted[k] = adopted;
            Present[k] = present;
            Recompute(v, k, adopted);

            // Rest shares (§4.4): from the base chain's base values, in base-chain order; options never move cost into other.
            for (int q = 0; q < 4; q++)
            {
                double sum = 0;
                foreach (int key in Plan.RestShares[q]) sum += BaseOf(v, key)[k];
                Rest[q][k] = Plan.RestShares[q].Length == 0 ? 1 : Math.Max(0, 1 - sum);
            }
        }
        double[] wacc = v[region.Wacc], years = v[region.DepreciationYears];
        for (int k = 0; k < n; k++) Crf[k] = ChunkKernel.CapitalRecovery(wacc[k], years[k]);
    }

    /// <summary>The options adopted in year t (§4.2): those adopted at SOP, and each retrofit option from its adoption year.</summary>
    public ulong Adopted(double[][] v, int k, int t)
    {
        ulong mask = SopAdopted[k];
        foreach (var o in Plan.Options)
        {
            if (o.Adoption != AdoptionRule.Retrofit) continue;
            double ready = Round(v[o.Readiness][k]), from = ready <= Sop[k] ? Sop[k] : ready + 1;
            if (t >= from) mask |= 1UL << o.Bit;
        }
        return mask;
    }

    /// <summary>Effective values (§4.2) of the keys options touch, for one trial under an adoption mask.</summary>
    public void Recompute(double[][] v, int k, ulong mask)
    {
        Mask[k] = mask;
        for (int key = 0; key < Plan.Keys.Count; key++)
        {
            var effects = Plan.Keys[key].Effects;
            if (effects.Count == 0) continue;
            double x = BaseOf(v, key)[k];
            foreach (var (option, operation, value) in effects)
            {
                if ((mask >> option & 1) == 0) continue;
                double a = v[value][k];
                x = operation switch { EffectOperation.Multiply => x * a, EffectOperation.Add => x + a, _ => a };
            }
            Effective[key][k] = x;
        }
    }
}
