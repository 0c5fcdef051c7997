using System.Text.Json;
using ScenarioGrid.Engine.Analysis;

namespace ScenarioGrid.Engine.Results;

/// <summary>The sensitivity and replay documents of model-spec section 6.</summary>
public static class AnalysisJson
{
    public static string ToJson(SensitivityResult s) => ResultJson.Serialize(w =>
    {
        w.WriteStartObject();
        w.WriteString("entity", s.Entity);
        w.WriteString("metric", s.Metric);
        w.WriteNumber("year", s.Year);
        if (s.Step is not null) w.WriteString("step", s.Step);
        w.WriteStartObject("tornado");
        ResultJson.Number(w, "base", s.Tornado.Base);
        w.WriteStartArray("parameters");
        foreach (var b in s.Tornado.Parameters)
        {
            w.WriteStartObject();
            w.WriteString("path", b.Path);
            ResultJson.Number(w, "inputLow", b.InputLow);
            ResultJson.Number(w, "inputHigh", b.InputHigh);
            ResultJson.Number(w, "outputLow", b.OutputLow);
            ResultJson.Number(w, "outputHigh", b.OutputHigh);
            ResultJson.Number(w, "swing", b.Swing);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("spearman");
        w.WriteNumber("trials", s.Spearman.Trials);
        w.WriteStartArray("parameters");
        foreach (var r in s.Spearman.Parameters)
        {
            w.WriteStartObject();
            w.WriteString("path", r.Path);
            ResultJson.Number(w, "rho", r.Rho);
            w.WriteNumber("count", r.Count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static string ToJson(ReplayedTrial t) => ResultJson.Serialize(w =>
    {
        w.WriteStartObject();
        w.WriteString("scenario", t.Scenario);
        if (t.Strategy is not null) w.WriteString("strategy", t.Strategy);
        w.WriteNumber("seed", t.Seed);
        w.WriteNumber("trial", t.Trial);
        w.WriteString("modelVersion", t.ModelVersion);
        w.WriteStartObject("inputs");
        foreach (var (path, value) in t.Inputs) ResultJson.Number(w, path, value);
        w.WriteEndObject();
        w.WriteStartArray("metrics");
        foreach (var m in t.Metrics)
        {
            w.WriteStartObject();
            w.WriteString("entity", m.Entity);
            w.WriteString("metric", m.Metric);
            w.WriteNumber("year", m.Year);
            ResultJson.Number(w, "value", m.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (t.Steps is not null)
        {
            w.WriteStartArray("steps");
            foreach (var s in t.Steps)
            {
                w.WriteStartObject();
                w.WriteString("entity", s.Entity);
                w.WriteString("step", s.Step);
                w.WriteString("metric", s.Metric);
                w.WriteNumber("year", s.Year);
                ResultJson.Number(w, "value", s.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    });
}
