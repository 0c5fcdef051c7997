namespace ScenarioGrid.Queries;

/// <summary>
/// One page of <see cref="BatchQueries.List"/>. <see cref="EndCursor"/> (opaque; null when the page is empty)
/// goes into <see cref="BatchQuery.After"/> for the next page; <see cref="TotalCount"/> counts every batch
/// that matches the filters, on all pages.
/// </summary>
public sealed record BatchPage(IReadOnlyList<BatchRecord> Items, string? EndCursor, bool HasNextPage, int TotalCount);
