using ScenarioGrid.Grains;

namespace ScenarioGrid.Queries;

/// <summary>
/// A page of batches, newest first: optional filters, a page size and the <see cref="BatchPage.EndCursor"/>
/// of the previous page (null for the first page).
/// </summary>
public sealed record BatchQuery(BatchStatus? Status = null, string? ScenarioId = null, int First = BatchQuery.DefaultPageSize, string? After = null)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 1000;
}
