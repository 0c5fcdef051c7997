using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Services;

/// <summary>
/// The member of a batch a request asks about (model v2, the <c>strategy</c> argument): for a strategy-set batch any
/// of its members (default: the first, base); for a batch of a single run only the member it ran (the argument may be
/// left out). <see cref="Strategy"/> picks the compiled model (null: the file itself); <see cref="RowMember"/> is the
/// <c>member</c> of the stored result rows (null for a single run's rows).
/// </summary>
public sealed record BatchMember(string? Strategy, string? RowMember)
{
    /// <exception cref="GraphQL.ExecutionError">BAD_INPUT: a member the batch did not run.</exception>
    public static BatchMember Of(BatchRecord batch, string? strategy, ScenarioService scenarios)
    {
        var file = scenarios.Model(batch.ScenarioSha256).Scenario;
        if (batch.StrategySet)
        {
            var members = file.MemberIds;
            string chosen = strategy ?? members[0];
            if (!members.Contains(chosen))
                throw ApiErrors.BadInput($"batch {batch.Id} has no member '{chosen}': its members are {string.Join(", ", members)}");
            return new BatchMember(chosen, chosen);
        }
        string? own = batch.Strategy ?? file.Strategy;
        if (strategy is not null && strategy != own)
            throw ApiErrors.BadInput(own is null
                ? $"batch {batch.Id} ran scenario '{file.Id}', which has no strategies: leave strategy out"
                : $"batch {batch.Id} ran the single member '{own}', not '{strategy}' (only a strategy-set batch has several members)");
        return new BatchMember(own, null);
    }
}
