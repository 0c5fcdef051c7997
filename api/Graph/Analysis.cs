using System.ComponentModel;
using GraphQL;
using ScenarioGrid.Engine.Analysis;

namespace ScenarioGrid.Api.Graph;

[Description("Tornado (one-at-a-time swings, u = 0.1 / 0.9 with the rest at 0.5) and Spearman rank correlation for one (entity, metric, year).")]
public sealed class Sensitivity(Services.MemberSensitivity member)
{
    private readonly SensitivityResult _s = member.Result;

    [Description("Model v2: the member computed (base or a strategy id) when the file has strategies; null otherwise.")]
    public string? Strategy => member.Strategy;
    public string Entity => _s.Entity;
    public string Metric => _s.Metric;
    public int Year => _s.Year;
    [Description("The step of a step metric (model v2); null otherwise.")]
    public string? Step => _s.Step;
    public Tornado Tornado => new(_s.Tornado);
    public Spearman Spearman => new(_s.Spearman);
}

public sealed class Tornado(Engine.Analysis.Tornado t)
{
    [Description("The metric with every uncertain parameter at u = 0.5.")]
    public double? Base => Numbers.Finite(t.Base);
    [Description("By swing, largest first; null swings last.")]
    public IEnumerable<TornadoBar> Parameters => t.Parameters.Select(b => new TornadoBar(b));
}

public sealed class TornadoBar(Engine.Analysis.TornadoBar b)
{
    public string Path => b.Path;
    public double? InputLow => Numbers.Finite(b.InputLow);
    public double? InputHigh => Numbers.Finite(b.InputHigh);
    public double? OutputLow => Numbers.Finite(b.OutputLow);
    public double? OutputHigh => Numbers.Finite(b.OutputHigh);
    public double? Swing => Numbers.Finite(b.Swing);
}

public sealed class Spearman(SpearmanRanking r)
{
    [Description("Trials used: min(batch trials, 10000).")]
    public long Trials => r.Trials;
    [Description("By |rho|, largest first; null last.")]
    public IEnumerable<SpearmanRow> Parameters => r.Parameters.Select(p => new SpearmanRow(p.Path, Numbers.Finite(p.Rho), p.Count));
}

public sealed record SpearmanRow(string Path, double? Rho, long Count);

[Description("One trial of a batch recomputed from (scenario, seed, trial): every drawn input and every metric.")]
public sealed class Trial(ReplayedTrial t)
{
    public string Scenario => t.Scenario;
    [Description("Model v2: the member replayed (base or a strategy id) when the file has strategies; null otherwise.")]
    public string? Strategy => t.Strategy;
    public long Seed => t.Seed;
    [Name("trial"), Description("The trial's 0-based index in the batch.")]
    public long Index => t.Trial;
    public string ModelVersion => t.ModelVersion;
    [Description("Every uncertain parameter's drawn value (after the copula; sopDelayYears before rounding).")]
    public IEnumerable<TrialInput> Inputs => t.Inputs.Select(i => new TrialInput(i.Key, i.Value));

    [Description("Every metric of every entity and year, optionally of one entity and/or metric; value null where undefined.")]
    public IEnumerable<TrialMetric> Metrics(string? entity = null, string? metric = null) => t.Metrics
        .Where(m => (entity is null || m.Entity == entity) && (metric is null || m.Metric == metric))
        .Select(m => new TrialMetric(m.Entity, m.Metric, m.Year, Numbers.Finite(m.Value)));

    [Description("Model v2: every step row's metrics in this trial (the result document's step order), optionally of one entity and/or step; empty for a v1 batch.")]
    public IEnumerable<TrialStep> Steps(string? entity = null, string? step = null) => (t.Steps ?? [])
        .Where(s => (entity is null || s.Entity == entity) && (step is null || s.Step == step))
        .Select(s => new TrialStep(s.Entity, s.Step, s.Metric, s.Year, Numbers.Finite(s.Value)));
}

public sealed record TrialStep(string Entity, string Step, string Metric, int Year, double? Value);

public sealed record TrialInput(string Path, double Value);

public sealed record TrialMetric(string Entity, string Metric, int Year, double? Value);
