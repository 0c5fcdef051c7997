using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScenarioGrid.Persistence;

/// <summary>
/// The <c>unit_estimates</c> column of a checkpoint: per merged unit, its estimates of the batch's convergence targets,
/// as JSON (a TEXT column, the same in SQLite and PostgreSQL). NaN (a unit where a statistic was undefined) is kept.
/// </summary>
internal static class EstimatesJson
{
    private static readonly JsonSerializerOptions Options = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string? Format(IReadOnlyList<double[]>? estimates) => estimates is null ? null : JsonSerializer.Serialize(estimates, Options);

    public static IReadOnlyList<double[]>? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<List<double[]>>(json, Options);
}
