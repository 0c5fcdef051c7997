using System.ComponentModel;
using GraphQL;
using ScenarioGrid.Api.Services;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Graph;

/// <summary>
/// A Monte Carlo batch. Static facts come from the database row; while the batch runs, live progress
/// (trials done, throughput, ETA) comes from its grain, asked only when a live field is selected, once per
/// request, and for a whole page of batches at once (<see cref="BatchPageLoader"/>).
/// </summary>
[Description("A Monte Carlo batch: status, progress, provenance, timings and its results.")]
public sealed class Batch(BatchRecord record, BatchPageLoader? loader = null)
{
    private readonly BatchPageLoader _loader = loader ?? BatchPageLoader.Of(record);

    internal BatchRecord Record => record;

    [Id]
    public string Id => record.Id;
    [Id]
    public string ScenarioId => record.ScenarioId;
    public string ScenarioSha256 => record.ScenarioSha256;

    [Description("The exact scenario version the batch ran.")]
    public Scenario? Scenario([FromServices] ScenarioService scenarios) =>
        _loader.Scenario(scenarios, record.ScenarioSha256) is { } s ? new Scenario(s) : null;

    public async Task<BatchStatus> Status([FromServices] BatchService batches, CancellationToken cancellationToken) =>
        await Live(batches, cancellationToken) is { } live ? live.Status : record.Status;

    [Description("Model v2: the member of the file's strategy set this batch ran, as its document names it (base: the file itself, also when a file with strategies was run without one); null for a file without strategies and for a strategy-set batch.")]
    public string? Strategy([FromServices] ScenarioService scenarios) =>
        record.StrategySet ? null : record.Strategy ?? scenarios.Model(record.ScenarioSha256).Scenario.Strategy;
    [Description("Model v2: true when the batch ran every member of the file's strategy set (see members and strategyComparisons).")]
    public bool StrategySet => record.StrategySet;

    [Description("Where the batch stands in the queue and on the cores (docs/scheduling.md).")]
    public BatchPriority Priority => record.Priority;

    [Description("The stop-when-converged rule; null when every trial runs.")]
    public StopRule? Until => record.Until is { } u ? new StopRule(u) : null;

    [Description("True when the batch COMPLETED early because its stop rule was met: trialsDone are then the trials run (a prefix of the trials asked for), and a batch of that many trials with the same seed gives the same results.")]
    public async Task<bool> Converged([FromServices] BatchService batches, CancellationToken cancellationToken) =>
        await Live(batches, cancellationToken) is { } live ? live.Converged : record.Converged;

    public long Seed => record.Seed;
    public long Trials => record.Trials;
    public int ChunkSize => record.ChunkSize;
    [Description("Work units (one grain message each).")]
    public int Units => record.UnitCount;

    [Description("Trials merged so far (live while running; at most a checkpoint old after a restart).")]
    public async Task<long> TrialsDone([FromServices] BatchService batches, CancellationToken cancellationToken) =>
        await Live(batches, cancellationToken) is { } live ? live.TrialsDone : record.TrialsDone;

    [Description("trialsDone / trials, from 0 to 1.")]
    public async Task<double> Progress([FromServices] BatchService batches, CancellationToken cancellationToken) =>
        (double)await TrialsDone(batches, cancellationToken) / record.Trials;

    [Description("Throughput: live while running; trials / run time once finished; null before any trial ran.")]
    public async Task<double?> TrialsPerSecond([FromServices] BatchService batches, CancellationToken cancellationToken)
    {
        if (await Live(batches, cancellationToken) is { } live) return live.TrialsPerSecond > 0 ? live.TrialsPerSecond : null;
        return record.StartedAt is { } s && record.FinishedAt is { } f && f > s && record.TrialsDone > 0
            ? record.TrialsDone / (f - s).TotalSeconds : null;
    }

    [Description("Seconds to completion at the current throughput; 0 once finished; null when unknown.")]
    public async Task<double?> EtaSeconds([FromServices] BatchService batches, CancellationToken cancellationToken)
    {
        if (await Live(batches, cancellationToken) is { } live) return live.IsFinished ? 0 : live.EtaSeconds;
        return IsFinished ? 0 : null;
    }

    public string? Error => record.Error;
    [Description("True once the batch is CANCELLED: a cancel is the batch grain's write of that status, done when cancelBatch answers.")]
    public async Task<bool> CancelRequested([FromServices] BatchService batches, CancellationToken cancellationToken) =>
        await Status(batches, cancellationToken) == BatchStatus.Cancelled;

    public Provenance Provenance => new(record.ScenarioSha256, record.Seed, record.Trials, record.ModelVersion, record.SoftwareVersion);

    // From the grain while the stored row is unfinished, like status: a batch that ends during the request must not read
    // COMPLETED with no finish time.
    public async Task<BatchTimings> Timings([FromServices] BatchService batches, CancellationToken cancellationToken)
    {
        var live = await Live(batches, cancellationToken);
        DateTimeOffset? started = live?.StartedAt ?? record.StartedAt, finished = live?.FinishedAt ?? record.FinishedAt;
        return new(record.CreatedAt, started, finished, started is { } s ? (s - record.CreatedAt).TotalSeconds : null,
            started is { } s2 && finished is { } f ? (f - s2).TotalSeconds : null);
    }

    [Description("The horizon's years.")]
    public IEnumerable<int> Years([FromServices] ScenarioService scenarios)
    {
        var model = scenarios.Model(record.ScenarioSha256);
        return Enumerable.Range(model.StartYear, model.YearCount);
    }

    [Description("Statistics of every (entity, metric, year), optionally of one entity, one metric and some years (NOT_READY until the batch completes).")]
    public IEnumerable<Series>? Series([FromServices] ResultService results, string? entity = null, string? metric = null, int[]? years = null) =>
        results.Series(record, entity, metric, years).Select(s => new Series(s));

    [Description("Milestones per route, optionally of one entity (NOT_READY until the batch completes).")]
    public IEnumerable<Milestone>? Milestones([FromServices] ResultService results, string? entity = null) =>
        results.Milestones(record, entity).Select(m => new Milestone(m));

    [Description("The scenario's listed comparisons per year, optionally those whose first side is `a` (NOT_READY until the batch completes).")]
    public IEnumerable<Comparison>? Comparisons([FromServices] ResultService results, string? a = null) =>
        results.Comparisons(record, a).Select(c => new Comparison(c));

    [Description("Model v2: the step series (cost waterfall) of every (entity, step, metric, year), optionally of one entity, step, metric and some years; empty for a v1 batch (NOT_READY until the batch completes).")]
    public IEnumerable<StepSeries> Steps([FromServices] ResultService results, string? entity = null, string? step = null, string? metric = null,
        int[]? years = null) =>
        results.Steps(record, entity, step, metric, years).Select(s => new StepSeries(s));

    [Description("Model v2: the members of a strategy-set batch, base first, each with its results; empty for a batch of a single run (NOT_READY until a set batch completes).")]
    public IEnumerable<StrategyMember> Members([FromServices] ResultService results) =>
        results.Members(record).Select(m => new StrategyMember(record, m));

    [Description("Model v2: one member of a strategy-set batch (base or a strategy id); NOT_FOUND when the batch has no such member.")]
    public StrategyMember? Member([FromServices] ResultService results, string strategy) =>
        results.Members(record).Contains(strategy) ? new StrategyMember(record, strategy)
            : throw ApiErrors.NotFound($"batch {record.Id} has no member '{strategy}'{(record.StrategySet ? "" : " (it did not run a strategy set)")}");

    [Description("Model v2: the paired cross-member comparisons of a strategy-set batch per year, optionally of one entity; empty for a batch of a single run (NOT_READY until a set batch completes).")]
    public IEnumerable<StrategyComparison> StrategyComparisons([FromServices] ResultService results, string? entity = null) =>
        results.StrategyComparisons(record, entity).Select(c => new StrategyComparison(c));

    [Description("Links to the series, milestones, comparisons and step series (and a strategy set's strategy comparisons) as CSV and Parquet files (relative URLs); null until the batch completes.")]
    public BatchExports? Exports => record.Status == BatchStatus.Completed ? new BatchExports(record.Id, record.StrategySet) : null;

    private const string StrategyArgument = " Model v2: `strategy` names the member: any member of a strategy-set batch (default: its first, base); " +
                                            "for a batch of a single run only the member it ran (or leave it out).";

    [Description("A paired comparison of ANY two entities (a − b, same trial), recomputed by the engine over the batch's trials (capped by Api:CompareMaxTrials)." + StrategyArgument)]
    public async Task<PairedComparison?> Compare([FromServices] AnalysisService analysis, CancellationToken cancellationToken,
        string a, string b, string metric, int[]? years = null, string? strategy = null) =>
        new(await analysis.Compare(record, a, b, metric, years, strategy, cancellationToken));

    [Description("Tornado and Spearman ranking of every uncertain parameter for one (entity, metric, year); with `step`, a step metric of that step of the entity's waterfall (model v2)." + StrategyArgument)]
    public async Task<Sensitivity?> Sensitivity([FromServices] AnalysisService analysis, CancellationToken cancellationToken,
        string entity, string metric, int year, string? step = null, string? strategy = null) =>
        new(await analysis.Sensitivity(record, entity, metric, year, step, strategy, cancellationToken));

    [Description("Trial `index` (0-based) replayed: every drawn input and every metric." + StrategyArgument)]
    public async Task<Trial?> Trial([FromServices] AnalysisService analysis, CancellationToken cancellationToken, long index, string? strategy = null) =>
        new(await analysis.Replay(record, index, strategy, cancellationToken));

    [Description("A route of the batch's scenario, with its results in this batch.")]
    public Route? Route([FromServices] ScenarioService scenarios, [Id] string id) =>
        Lookups.Route(scenarios.Model(record.ScenarioSha256), record.ScenarioSha256, id, record.Id);

    public Region? Region([FromServices] ScenarioService scenarios, [Id] string id) =>
        Lookups.Region(scenarios.Model(record.ScenarioSha256), record.ScenarioSha256, id, record.Id);

    public Plant? Plant([FromServices] ScenarioService scenarios, [Id] string id) =>
        Lookups.Plant(scenarios.Model(record.ScenarioSha256), record.ScenarioSha256, id, record.Id);

    [Description("How many checkpointed work units each silo ran for this batch.")]
    public IEnumerable<SiloUnitCount> UnitsPerSilo([FromServices] ClusterService cluster) =>
        cluster.UnitsPerSilo(record.Id).Select(r => new SiloUnitCount(r.Silo, r.Units, r.Trials, r.Seconds));

    [Obsolete("Use unitsPerSilo: a work unit was called a chunk, which is the kernel's 1,024 trials. Removed in the next release.")]
    public IEnumerable<SiloChunks> ChunksPerSilo([FromServices] ClusterService cluster) =>
        cluster.UnitsPerSilo(record.Id).Select(r => new SiloChunks(r.Silo, r.Units, r.Trials, r.Seconds));

    private bool IsFinished => record.IsFinished;

    private Task<BatchView?> Live(BatchService batches, CancellationToken cancellationToken) =>
        IsFinished ? Task.FromResult<BatchView?>(null) : _loader.Live(batches, record.Id, cancellationToken);
}

public sealed record BatchTimings(
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    [property: Description("From submission to start.")] double? QueuedSeconds,
    [property: Description("From start to finish.")] double? RunSeconds);
