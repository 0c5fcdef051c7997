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
/// Counter-based random numbers make each of these identical to what the batch itself drew.
/// </summary>
public sealed class AnalysisService(ScenarioService scenarios, IOptions<ApiOptions> options)
{
    /// <summary>
    /// <paramref name="a"/> − <paramref name="b"/> of <paramref name="metric"/> per year over the first
    /// min(trials, CompareMaxTrials) trials of the batch, recomputed by the engine's <see cref="PairedComparison"/>
    /// (all cores). Cancelled with <paramref name="cancellationToken"/> (the execution timeout).
    /// </summary>
    public async Task<PairedComparisonResult> Compare(BatchRecord batch, string a, string b, string metric, IReadOnlyList<int>? years,
        CancellationToken cancellationToken)
    {
        // The engine checks these too; here they become the user's BAD_INPUT errors.
        var model = scenarios.Model(batch.ScenarioSha256, batch.Strategy);
        var ea = ResultService.RequireEntity(model, a);
        var eb = ResultService.RequireEntity(model, b);
        var m = ResultService.RequireMetric(ea, metric);
        ResultService.RequireMetric(eb, metric);
        var asked = years ?? Enumerable.Range(model.StartYear, model.YearCount).ToList();
        foreach (int year in asked) ResultService.RequireYear(model, year);
        int[] rowYears = [.. asked.Distinct().Order()];
        long trials = Math.Min(batch.Trials, options.Value.CompareMaxTrials);

        var rows = await Task.Run(() => PairedComparison.Run(model, (ulong)batch.Seed, trials, batch.ChunkSize, a, b, m, rowYears,
            cancellationToken: cancellationToken), cancellationToken);
        return new PairedComparisonResult(trials, trials == batch.Trials, rows);
    }

    public Task<SensitivityResult> Sensitivity(BatchRecord batch, string entity, string metric, int year, CancellationToken cancellationToken)
    {
        var model = scenarios.Model(batch.ScenarioSha256, batch.Strategy);
        var e = ResultService.RequireEntity(model, entity);
        var m = ResultService.RequireMetric(e, metric);
        ResultService.RequireYear(model, year);
        return Task.Run(() => Engine.Analysis.Sensitivity.Run(model, (ulong)batch.Seed, batch.Trials, entity, m, year), cancellationToken);
    }

    public ReplayedTrial Replay(BatchRecord batch, long index)
    {
        if (index < 0 || index >= batch.Trials)
            throw ApiErrors.BadInput($"trial index must be from 0 to {batch.Trials - 1} (the batch has {batch.Trials} trials), not {index}");
        return TrialReplay.Run(scenarios.Model(batch.ScenarioSha256, batch.Strategy), (ulong)batch.Seed, index);
    }
}

/// <summary>A recomputed paired comparison: over how many trials, whether that is the whole batch, and a row per year.</summary>
public sealed record PairedComparisonResult(long Trials, bool WholeBatch, IReadOnlyList<ComparisonResult> Rows);
