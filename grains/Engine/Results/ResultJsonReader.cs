using System.Globalization;
using System.Text.Json;

namespace ScenarioGrid.Engine.Results;

/// <summary>
/// Reads a section 6 result document back into a <see cref="BatchResult"/>, and a strategy set's document
/// (model-spec-v2 §6) into a <see cref="SetResult"/> (for comparisons and clients).
/// </summary>
public static class ResultJsonReader
{
    public static BatchResult Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        return new BatchResult(r.GetProperty("scenario").GetString()!, r.GetProperty("seed").GetInt64(), r.GetProperty("trials").GetInt64(),
            r.GetProperty("modelVersion").GetString()!, Years(r), Series(r), Milestones(r), Comparisons(r), Provenance(r))
        {
            Strategy = r.TryGetProperty("strategy", out var s) ? s.GetString() : null,
            Steps = r.TryGetProperty("steps", out _) ? Steps(r) : null,
        };
    }

    public static SetResult ReadSet(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        var members = r.GetProperty("members").EnumerateArray().Select(m => new MemberResult(m.GetProperty("strategy").GetString()!,
            Series(m), Steps(m), Milestones(m), Comparisons(m))).ToList();
        var comparisons = r.GetProperty("strategyComparisons").EnumerateArray().Select(c => new StrategyComparisonResult(
            c.GetProperty("a").GetString()!, c.GetProperty("b").GetString()!, c.GetProperty("entity").GetString()!,
            c.GetProperty("metric").GetString()!, c.TryGetProperty("step", out var step) ? step.GetString() : null,
            c.GetProperty("year").GetInt32(), c.GetProperty("count").GetInt64(), D(c, "probabilityALessThanB"),
            D(c, "deltaMean"), D(c, "deltaP10"), D(c, "deltaP50"), D(c, "deltaP90"))).ToList();
        return new SetResult(r.GetProperty("scenario").GetString()!, r.GetProperty("seed").GetInt64(), r.GetProperty("trials").GetInt64(),
            r.GetProperty("modelVersion").GetString()!, Years(r), members, comparisons, Provenance(r));
    }

    /// <summary>True when the document is a strategy set's (it has <c>members</c>).</summary>
    public static bool IsSet(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("members", out _);
    }

    private static List<int> Years(JsonElement r) => r.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()).ToList();

    private static List<SeriesStatistics> Series(JsonElement r) => r.GetProperty("series").EnumerateArray().Select(s => new SeriesStatistics(
        s.GetProperty("entity").GetString()!, s.GetProperty("metric").GetString()!, s.GetProperty("year").GetInt32(),
        s.GetProperty("count").GetInt64(), D(s, "mean"), D(s, "stdDev"), D(s, "min"), D(s, "max"), D(s, "p5"), D(s, "p10"),
        D(s, "p25"), D(s, "p50"), D(s, "p75"), D(s, "p90"), D(s, "p95"))).ToList();

    private static List<StepStatistics> Steps(JsonElement r) => r.GetProperty("steps").EnumerateArray().Select(s => new StepStatistics(
        s.GetProperty("entity").GetString()!, s.GetProperty("step").GetString()!, s.GetProperty("metric").GetString()!,
        s.GetProperty("year").GetInt32(), s.GetProperty("count").GetInt64(), D(s, "mean"), D(s, "stdDev"), D(s, "min"), D(s, "max"),
        D(s, "p5"), D(s, "p10"), D(s, "p25"), D(s, "p50"), D(s, "p75"), D(s, "p90"), D(s, "p95"))).ToList();

    private static List<MilestoneResult> Milestones(JsonElement r) => r.GetProperty("milestones").EnumerateArray().Select(m => new MilestoneResult(
        m.GetProperty("entity").GetString()!, m.GetProperty("milestone").GetString()!, m.GetProperty("probabilityByEnd").GetDouble(),
        m.GetProperty("probabilityByYear").EnumerateObject()
            .Select(p => new YearProbability(int.Parse(p.Name, CultureInfo.InvariantCulture), p.Value.GetDouble())).ToList(),
        I(m, "p10"), I(m, "p50"), I(m, "p90"))).ToList();

    private static List<ComparisonResult> Comparisons(JsonElement r) => r.GetProperty("comparisons").EnumerateArray().Select(c => new ComparisonResult(
        c.GetProperty("a").GetString()!, c.GetProperty("b").GetString()!, c.GetProperty("metric").GetString()!,
        c.GetProperty("year").GetInt32(), c.GetProperty("count").GetInt64(), D(c, "probabilityALessThanB"),
        D(c, "deltaMean"), D(c, "deltaP10"), D(c, "deltaP50"), D(c, "deltaP90"))
    {
        Step = c.TryGetProperty("step", out var step) ? step.GetString() : null,
    }).ToList();

    private static Provenance Provenance(JsonElement r)
    {
        var p = r.GetProperty("provenance");
        return new Provenance(p.GetProperty("scenarioSha256").GetString()!, p.GetProperty("seed").GetInt64(), p.GetProperty("trials").GetInt64(),
            p.GetProperty("modelVersion").GetString()!, p.GetProperty("softwareVersion").GetString()!);
    }

    private static double? D(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();

    private static int? I(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetInt32();
}
