using ScenarioGrid.Api.Services;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Graph;

/// <summary>
/// What the batches of one page need beyond their rows, fetched once for the whole page (DataLoader-style)
/// instead of once per node: the live views of the unfinished ones (their grain calls all at once) and their
/// scenarios (one query). A node asks for its own; the first ask of each kind fetches for every node.
/// </summary>
public sealed class BatchPageLoader(IReadOnlyList<BatchRecord> page)
{
    private Task<IReadOnlyDictionary<string, BatchView>>? _live;
    private IReadOnlyDictionary<string, StoredScenario>? _scenarios;
    private readonly Lock _lock = new();

    /// <summary>A batch on its own (no page): the loader of a page of one.</summary>
    public static BatchPageLoader Of(BatchRecord batch) => new([batch]);

    public async Task<BatchView?> Live(BatchService batches, string id, CancellationToken cancellationToken)
    {
        Task<IReadOnlyDictionary<string, BatchView>> all;
        lock (_lock) all = _live ??= FetchLive(batches, cancellationToken);
        return (await all).GetValueOrDefault(id);
    }

    public StoredScenario? Scenario(ScenarioService scenarios, string sha256)
    {
        lock (_lock) _scenarios ??= scenarios.BySha256([.. page.Select(b => b.ScenarioSha256).Distinct()]);
        return _scenarios.GetValueOrDefault(sha256);
    }

    private async Task<IReadOnlyDictionary<string, BatchView>> FetchLive(BatchService batches, CancellationToken cancellationToken)
    {
        var views = await Task.WhenAll(page.Where(b => !b.IsFinished).Select(b => batches.Live(b.Id, cancellationToken)));
        return views.ToDictionary(v => v.Id);
    }
}
