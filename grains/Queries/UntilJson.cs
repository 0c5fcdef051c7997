using System.Text.Json;
using System.Text.Json.Serialization;
using ScenarioGrid.Grains;

namespace ScenarioGrid.Queries;

/// <summary>The <c>until_rule</c> column: a batch's stop-when-converged rule as JSON (statistic names as text).</summary>
internal static class UntilJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string? Format(Until? until) => until is null ? null : JsonSerializer.Serialize(until, Options);

    public static Until? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<Until>(json, Options);
}
