using System.ComponentModel;
using ScenarioGrid.Api.Services;
using ScenarioGrid.Queries;
using ScenarioGrid.Grains;

namespace ScenarioGrid.Api.Graph;

[Description("A page of batches, newest first (Relay cursor connection).")]
public sealed class BatchConnection(BatchPage page)
{
    private readonly BatchPageLoader _loader = new(page.Items);

    public IEnumerable<BatchEdge> Edges => page.Items.Select(b => new BatchEdge(Cursor(b), new Batch(b, _loader)));
    public IEnumerable<Batch> Nodes => page.Items.Select(b => new Batch(b, _loader));
    public PageInfo PageInfo => new(page.HasNextPage, false, page.Items.Count == 0 ? null : Cursor(page.Items[0]), page.EndCursor);
    [Description("Batches matching the filters, on all pages.")]
    public int TotalCount => page.TotalCount;

    internal static BatchConnection Page(BatchService batches, int first, string? after, BatchStatus? status, string? scenarioId)
    {
        if (first is < 0 or > BatchQuery.MaxPageSize)
            throw ApiErrors.BadInput($"first must be from 0 to {BatchQuery.MaxPageSize}, not {first}");
        try
        {
            return new BatchConnection(batches.List(new BatchQuery(status, scenarioId, first, after)));
        }
        catch (ArgumentException e) when (after is not null)
        {
            throw ApiErrors.BadInput(e.Message);
        }
    }

    /// <summary>Relay wants a cursor per edge; the query hands out only the page's end cursor, so ask it for each.</summary>
    internal static string Cursor(BatchRecord b) => BatchQueries.CursorOf(b);
}

public sealed record BatchEdge(string Cursor, Batch Node);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);
