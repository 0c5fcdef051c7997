using System.ComponentModel;
using GraphQL;
using ScenarioGrid.Api.Services;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Api.Graph;

/// <summary>The root query type (type-first: every public static member is a field).</summary>
public sealed class Query
{
    [Description("Every stored scenario id, in its newest version, by id.")]
    public static IEnumerable<Scenario> Scenarios([FromServices] ScenarioService scenarios) =>
        scenarios.List().Select(s => new Scenario(s));

    [Description("The newest stored version of a scenario (NOT_FOUND when none).")]
    public static Scenario? Scenario([FromServices] ScenarioService scenarios, [Id] string id) =>
        scenarios.Latest(id) is { } s ? new Scenario(s) : throw ApiErrors.NotFound($"no scenario '{id}'");

    [Description("A batch by id (NOT_FOUND when none).")]
    public static Batch? Batch([FromServices] BatchService batches, [Id] string id) =>
        batches.Get(id) is { } b ? new Batch(b) : throw ApiErrors.NotFound($"no batch '{id}'");

    [Description("Batches newest first, as a cursor connection: `first` per page, `after` an endCursor or edge cursor, optional filters.")]
    public static BatchConnection Batches([FromServices] BatchService batches, int first = BatchQuery.DefaultPageSize, string? after = null,
        BatchStatus? status = null, [Id] string? scenarioId = null) =>
        BatchConnection.Page(batches, first, after, status, scenarioId);

    [Description("The cluster: silos and their status, work units per silo for a batch.")]
    public static Cluster Cluster() => new();
}
