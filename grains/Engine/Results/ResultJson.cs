using System.Text.Json;

namespace ScenarioGrid.Engine.Results;

/// <summary>
/// Writes result documents with the exact names and order of model-spec section 6. Written by hand with
/// <see cref="Utf8JsonWriter"/> (not reflection) so that field order, nulls and number forms are explicit.
/// </summary>
public static class ResultJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static string Serialize(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options)) write(w);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string ToJson(BatchResult r) => Serialize(w => Write(w, r));

    public static void Write(Utf8JsonWriter w, BatchResult r)
    {
        w.WriteStartObject();
        w.WriteString("scenario", r.Scenario);
        w.WriteNumber("seed", r.Seed);
        w.WriteNumber("trials", r.Trials);
        w.WriteString("modelVersion", r.ModelVersion);
        w.WriteStartArray("years");
        foreach (int y in r.Years) w.WriteNumberValue(y);
        w.WriteEndArray();

        w.WriteStartArray("series");
        foreach (var s in r.Series)
        {
            w.WriteStartObject();
            w.WriteString("entity", s.Entity);
            w.WriteString("metric", s.Metric);
            w.WriteNumber("year", s.Year);
            w.WriteNumber("count", s.Count);
            Number(w, "mean", s.Mean); Number(w, "stdDev", s.StdDev); Number(w, "min", s.Min); Number(w, "max", s.Max);
            Number(w, "p5", s.P5); Number(w, "p10", s.P10); Number(w, "p25", s.P25); Number(w, "p50", s.P50);
            Number(w, "p75", s.P75); Number(w, "p90", s.P90); Number(w, "p95", s.P95);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("milestones");
        foreach (var m in r.Milestones)
        {
            w.WriteStartObject();
            w.WriteString("entity", m.Entity);
            w.WriteString("milestone", m.Milestone);
            w.WriteNumber("probabilityByEnd", m.ProbabilityByEnd);
            w.WriteStartObject("probabilityByYear");
            foreach (var p in m.ProbabilityByYear) w.WriteNumber(p.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Probability);
            w.WriteEndObject();
            Number(w, "p10", m.P10); Number(w, "p50", m.P50); Number(w, "p90", m.P90);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("comparisons");
        foreach (var c in r.Comparisons)
        {
            w.WriteStartObject();
            w.WriteString("a", c.A);
            w.WriteString("b", c.B);
            w.WriteString("metric", c.Metric);
            w.WriteNumber("year", c.Year);
            w.WriteNumber("count", c.Count);
            Number(w, "probabilityALessThanB", c.ProbabilityALessThanB);
            Number(w, "deltaMean", c.DeltaMean); Number(w, "deltaP10", c.DeltaP10);
            Number(w, "deltaP50", c.DeltaP50); Number(w, "deltaP90", c.DeltaP90);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("provenance");
        w.WriteString("scenarioSha256", r.Provenance.ScenarioSha256);
        w.WriteNumber("seed", r.Provenance.Seed);
        w.WriteNumber("trials", r.Provenance.Trials);
        w.WriteString("modelVersion", r.Provenance.ModelVersion);
        w.WriteString("softwareVersion", r.Provenance.SoftwareVersion);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A number in shortest round-trip form, or null when undefined.</summary>
    public static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } x && double.IsFinite(x)) w.WriteNumber(name, x);
        else w.WriteNull(name);
    }

    public static void Number(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } x) w.WriteNumber(name, x);
        else w.WriteNull(name);
    }
}
