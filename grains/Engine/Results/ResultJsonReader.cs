using System.Globalization;
using System.Text.Json;

namespace ScenarioGrid.Engine.Results;

/// <summary>Reads a section 6 result document back into a <see cref="BatchResult"/> (for comparisons and clients).</summary>
public static class ResultJsonReader
{
    public static BatchResult Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        var series = r.GetProperty("series").EnumerateArray().Select(s => new SeriesStatistics(
            s.GetProperty("entity").GetString()!, s.GetProperty("metric").GetString()!, s.GetProperty("year").GetInt32(),
            s.GetProperty("count").GetInt64(), D(s, "mean"), D(s, "stdDev"), D(s, "min"), D(s, "max"), D(s, "p5"), D(s, "p10"),
            D(s, "p25"), D(s, "p50"), D(s, "p75"), D(s, "p90"), D(s, "p95"))).ToList();
        var milestones = r.GetProperty("milestones").EnumerateArray().Select(m => new MilestoneResult(
            m.GetProperty("entity").GetString()!, m.GetProperty("milestone").GetString()!, m.GetProperty("probabilityByEnd").GetDouble(),
            m.GetProperty("probabilityByYear").EnumerateObject()
                .Select(p => new YearProbability(int.Parse(p.Name, CultureInfo.InvariantCulture), p.Value.GetDouble())).ToList(),
            I(m, "p10"), I(m, "p50"), I(m, "p90"))).ToList();
        var comparisons = r.GetProperty("comparisons").EnumerateArray().Select(c => new ComparisonResult(
            c.GetProperty("a").GetString()!, c.GetProperty("b").GetString()!, c.GetProperty("metric").GetString()!,
            c.GetProperty("year").GetInt32(), c.GetProperty("count").GetInt64(), D(c, "probabilityALessThanB"),
            D(c, "deltaMean"), D(c, "deltaP10"), D(c, "deltaP50"), D(c, "deltaP90"))).ToList();
        var p = r.GetProperty("provenance");
        return new BatchResult(r.GetProperty("scenario").GetString()!, r.GetProperty("seed").GetInt64(), r.GetProperty("trials").GetInt64(),
            r.GetProperty("modelVersion").GetString()!, r.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()).ToList(),
            series, milestones, comparisons,
            new Provenance(p.GetProperty("scenarioSha256").GetString()!, p.GetProperty("seed").GetInt64(), p.GetProperty("trials").GetInt64(),
                p.GetProperty("modelVersion").GetString()!, p.GetProperty("softwareVersion").GetString()!));
    }

    private static double? D(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();

    private static int? I(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetInt32();
}
