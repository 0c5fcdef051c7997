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
        if (r.Strategy is not null) w.WriteString("strategy", r.Strategy);
        w.WriteNumber("seed", r.Seed);
        w.WriteNumber("trials", r.Trials);
        w.WriteString("modelVersion", r.ModelVersion);
        w.WriteStartArray("years");
        foreach (int y in r.Years) w.WriteNumberValue(y);
        w.WriteEndArray();

        WriteBody(w, r.Series, r.Steps, r.Milestones, r.Comparisons);
        WriteProvenance(w, r.Provenance);
        w.WriteEndObject();
    }

    /// <summary>series, steps (v2 only), milestones and comparisons: a single document's body and a set member's.</summary>
    private static void WriteBody(Utf8JsonWriter w, IReadOnlyList<SeriesStatistics> series, IReadOnlyList<StepStatistics>? steps,
        IReadOnlyList<MilestoneResult> milestones, IReadOnlyList<ComparisonResult> comparisons)
    {
        StatisticsRows(w, "series", series, (w, s) =>
        {
            w.WriteString("entity", s.Entity);
            w.WriteString("metric", s.Metric);
            w.WriteNumber("year", s.Year);
        });
        if (steps is not null)
            StatisticsRows(w, "steps", steps, (w, s) =>
            {
                w.WriteString("entity", s.Entity);
                w.WriteString("step", s.Step);
                w.WriteString("metric", s.Metric);
                w.WriteNumber("year", s.Year);
            });

        w.WriteStartArray("milestones");
        foreach (var m in milestones)
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
        foreach (var c in comparisons)
        {
            w.WriteStartObject();
            w.WriteString("a", c.A);
            w.WriteString("b", c.B);
            w.WriteString("metric", c.Metric);
            if (c.Step is not null) w.WriteString("step", c.Step);
            w.WriteNumber("year", c.Year);
            w.WriteNumber("count", c.Count);
            Number(w, "probabilityALessThanB", c.ProbabilityALessThanB);
            Number(w, "deltaMean", c.DeltaMean); Number(w, "deltaP10", c.DeltaP10);
            Number(w, "deltaP50", c.DeltaP50); Number(w, "deltaP90", c.DeltaP90);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteProvenance(Utf8JsonWriter w, Provenance p)
    {
        w.WriteStartObject("provenance");
        w.WriteString("scenarioSha256", p.ScenarioSha256);
        w.WriteNumber("seed", p.Seed);
        w.WriteNumber("trials", p.Trials);
        w.WriteString("modelVersion", p.ModelVersion);
        w.WriteString("softwareVersion", p.SoftwareVersion);
        w.WriteEndObject();
    }

    /// <summary>An array of rows, each its key (written by <paramref name="key"/>) then count and the statistics.</summary>
    private static void StatisticsRows<T>(Utf8JsonWriter w, string name, IEnumerable<T> rows, Action<Utf8JsonWriter, T> key) where T : ITrialStatistics
    {
        w.WriteStartArray(name);
        foreach (var s in rows)
        {
            w.WriteStartObject();
            key(w, s);
            w.WriteNumber("count", s.Count);
            Number(w, "mean", s.Mean); Number(w, "stdDev", s.StdDev); Number(w, "min", s.Min); Number(w, "max", s.Max);
            Number(w, "p5", s.P5); Number(w, "p10", s.P10); Number(w, "p25", s.P25); Number(w, "p50", s.P50);
            Number(w, "p75", s.P75); Number(w, "p90", s.P90); Number(w, "p95", s.P95);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static string ToJson(SetResult r) => Serialize(w => Write(w, r));

    /// <summary>A strategy-set document (model-spec-v2 §6): members in member order, then the cross-member comparisons.</summary>
    public static void Write(Utf8JsonWriter w, SetResult r)
    {
        w.WriteStartObject();
        w.WriteString("scenario", r.Scenario);
        w.WriteNumber("seed", r.Seed);
        w.WriteNumber("trials", r.Trials);
        w.WriteString("modelVersion", r.ModelVersion);
        w.WriteStartArray("years");
        foreach (int y in r.Years) w.WriteNumberValue(y);
        w.WriteEndArray();
        w.WriteStartArray("members");
        foreach (var m in r.Members)
        {
            w.WriteStartObject();
            w.WriteString("strategy", m.Strategy);
            WriteBody(w, m.Series, m.Steps, m.Milestones, m.Comparisons);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("strategyComparisons");
        foreach (var c in r.StrategyComparisons)
        {
            w.WriteStartObject();
            w.WriteString("a", c.A);
            w.WriteString("b", c.B);
            w.WriteString("entity", c.Entity);
            w.WriteString("metric", c.Metric);
            if (c.Step is not null) w.WriteString("step", c.Step);
            w.WriteNumber("year", c.Year);
            w.WriteNumber("count", c.Count);
            Number(w, "probabilityALessThanB", c.ProbabilityALessThanB);
            Number(w, "deltaMean", c.DeltaMean); Number(w, "deltaP10", c.DeltaP10);
            Number(w, "deltaP50", c.DeltaP50); Number(w, "deltaP90", c.DeltaP90);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteProvenance(w, r.Provenance);
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
