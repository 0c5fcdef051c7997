using Microsoft.Extensions.Options;
using ScenarioGrid.Api.Hosting;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Services;

/// <summary>
/// What is computed on request from (scenario, seed, trials) with the engine in this process: a paired
/// comparison of any two entities, sensitivity (tornado and Spearman) and the replay of one trial.
/// Counter-based random numbers make each of these identical to what the batch itself drew. Each runs one member of the
/// batch (<see cref="BatchMember"/>: for a strategy-set batch the one asked for, default base): a set's members share the
/// batch's seed and trials, so a member's recomputation is what the set batch drew for that member.
/// </summary>
public sealed class AnalysisService(ScenarioService scenarios, Recomputations recomputations, IOptions<ApiOptions> options)
{
    /// <summary>
    /// <paramref name="a"/> − <paramref name="b"/> of <paramref name="metric"/> per year over the first
    /// min(trials, CompareMaxTrials) trials of the batch, recomputed by the engine's <see cref="PairedComparison"/>
    /// (all cores), through <see cref="Recomputations"/> (kept per batch and arguments, a bounded number at once).
    /// Given up with <paramref name="cancellationToken"/> (the execution timeout).
    /// </summary>
    public async Task<PairedComparisonResult> Compare(BatchRecord batch, string a, string b, string metric, IReadOnlyList<int>? years,
        string? strategy, CancellationToken cancellationToken)
    {
        // The engine checks these too; here they become the user's BAD_INPUT errors.
        var member = BatchMember.Of(batch, strategy, scenarios);
        var model = scenarios.Model(batch.ScenarioSha256, member.Strategy);
        var ea = ResultService.RequireEntity(model, a);
        var eb = ResultService.RequireEntity(model, b);
        var m = ResultService.RequireMetric(ea, metric);
        ResultService.RequireMetric(eb, metric);
        var asked = years ?? Enumerable.Range(model.StartYear, model.YearCount).ToList();
        foreach (int year in asked) ResultService.RequireYear(model, year);
        int[] rowYears = [.. asked.Distinct().Order()];
        long trials = Math.Min(batch.Trials, options.Value.CompareMaxTrials);

        string key = $"{batch.Id}|{member.Strategy}|compare|{a}|{b}|{metric}|{string.Join(',', rowYears)}|{trials}";
        return await recomputations.Run(key, stop => new PairedComparisonResult(trials, trials == batch.Trials,
            PairedComparison.Run(model, (ulong)batch.Seed, trials, batch.ChunkSize, a, b, m, rowYears, cancellationToken: stop), member.Strategy), cancellationToken);
    }

    /// <returns>The engine's result with the member it is about (the engine's document does not name it).</returns>
    public async Task<MemberSensitivity> Sensitivity(BatchRecord batch, string entity, string metric, int year, string? step, string? strategy,
        CancellationToken cancellationToken)
    {
        var member = BatchMember.Of(batch, strategy, scenarios);
        var model = scenarios.Model(batch.ScenarioSha256, member.Strategy);
        return new MemberSensitivity(await (step is not null || Engine.Simulation.Process.StepMetrics.TryParse(metric, out _)
            ? StepSensitivity(batch, member, model, entity, metric, year, step, cancellationToken)
            : OwnSensitivity(batch, member, model, entity, metric, year, cancellationToken)), member.Strategy);
    }

    private Task<SensitivityResult> OwnSensitivity(BatchRecord batch, BatchMember member, Engine.Simulation.CompiledModel model, string entity, string metric,
        int year, CancellationToken cancellationToken)
    {
        var e = ResultService.RequireEntity(model, entity);
        var m = ResultService.RequireMetric(e, metric);
        ResultService.RequireYear(model, year);
        return recomputations.Run($"{batch.Id}|{member.Strategy}|sensitivity|{entity}|{metric}|{year}",
            _ => Engine.Analysis.Sensitivity.Run(model, (ulong)batch.Seed, batch.Trials, entity, m, year), cancellationToken);
    }

    /// <summary>Model v2: a step metric of one step of a route's or plant's waterfall (model-spec-v2 §5).</summary>
    private Task<SensitivityResult> StepSensitivity(BatchRecord batch, BatchMember member, Engine.Simulation.CompiledModel model, string entity, string metric,
        int year, string? step, CancellationToken cancellationToken)
    {
        try { Engine.Analysis.Sensitivity.FindStepRow(model, entity, metric, step); }
        catch (ArgumentException e) { throw ApiErrors.BadInput(e.Message); }
        ResultService.RequireYear(model, year);
        return recomputations.Run($"{batch.Id}|{member.Strategy}|sensitivity|{entity}|{metric}|{step}|{year}",
            _ => Engine.Analysis.Sensitivity.RunStep(model, (ulong)batch.Seed, batch.Trials, entity, metric, step, year), cancellationToken);
    }

    public Task<ReplayedTrial> Replay(BatchRecord batch, long index, string? strategy, CancellationToken cancellationToken)
    {
        if (index < 0 || index >= batch.Trials)
            throw ApiErrors.BadInput($"trial index must be from 0 to {batch.Trials - 1} (the batch has {batch.Trials} trials), not {index}");
        var member = BatchMember.Of(batch, strategy, scenarios);
        var model = scenarios.Model(batch.ScenarioSha256, member.Strategy);
        return recomputations.Run($"{batch.Id}|{member.Strategy}|trial|{index}", _ => TrialReplay.Run(model, (ulong)batch.Seed, index), cancellationToken);
    }
}

/// <summary>
/// A recomputed paired comparison: over how many trials, whether that is the whole batch, a row per year, and the member
/// recomputed (<see cref="BatchMember.Strategy"/>: null for a file without strategies).
/// </summary>
public sealed record PairedComparisonResult(long Trials, bool WholeBatch, IReadOnlyList<ComparisonResult> Rows, string? Strategy);

/// <summary>A sensitivity and the member it was computed for (<see cref="BatchMember.Strategy"/>: null for a file without strategies).</summary>
public sealed record MemberSensitivity(SensitivityResult Result, string? Strategy);
