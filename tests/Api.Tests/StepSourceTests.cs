using System.Text.Json.Nodes;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// Model v2's new numbers carry their source tags as every other parameter does: a chain step's fields and an option's
/// readiness report, as `source`, the comment written at the end of their line in scenarios/baseline.yaml. The expected
/// comment is found here by walking the file's indentation along the path, not by the loader's line records.
/// </summary>
[Collection("api-v2")]
public sealed class StepSourceTests(V2ApiFixture api)
{
    [Theory]
    [InlineData("routes.oxide.process.steps.sintering.capexShare")]
    [InlineData("routes.oxide.process.steps.sintering.thermal.temperatureC")]
    [InlineData("routes.oxide.process.steps.sintering.yield.timeConstantYears")]
    [InlineData("routes.sulfide.process.steps.densify.capexShare")]
    public async Task A_chain_steps_field_reports_the_comment_of_its_line(string path)
    {
        string route = path.Split('.')[1];
        var r = (await api.Client.Post("""
            query($route: ID!) { scenario(id: "baseline") { route(id: $route) { chain { parameters { path source } } } } }
            """, new { route })).AssertOk();
        var parameters = r.Data["scenario"]!["route"]!["chain"]!.AsArray().SelectMany(s => s!["parameters"]!.AsArray());
        Assert.Equal(CommentAt(path), SourceOf(parameters, path));
    }

    [Fact]
    public async Task An_options_readiness_reports_the_comment_of_its_line()
    {
        var r = (await api.Client.Post("""{ scenario(id: "baseline") { options { readyYear { path source } } } }""")).AssertOk();
        var readiness = r.Data["scenario"]!["options"]!.AsArray().Select(o => o!["readyYear"]!);
        Assert.Equal(CommentAt("options.low-temp-sintering.readyYear"), SourceOf(readiness, "options.low-temp-sintering.readyYear"));
    }

    private static string? SourceOf(IEnumerable<JsonNode?> parameters, string path) =>
        parameters.Single(p => p!["path"]!.GetValue<string>() == path)!["source"]?.GetValue<string>();

    /// <summary>The comment after the value at a dotted path of block mappings: each key the first deeper-indented line naming it.</summary>
    private static string CommentAt(string path)
    {
        var lines = File.ReadAllLines(TestPaths.Scenario("baseline.yaml"));
        int at = -1, indent = -1;
        foreach (string key in path.Split('.'))
        {
            int found = -1;
            for (int i = at + 1; i < lines.Length && found < 0; i++)
            {
                string line = lines[i];
                int depth = line.Length - line.TrimStart().Length;
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
                if (depth <= indent) throw new InvalidOperationException($"'{key}' of {path} not found under line {at + 1}");
                if (line.TrimStart().StartsWith(key + ":", StringComparison.Ordinal)) { found = i; indent = depth; }
            }
            at = found >= 0 ? found : throw new InvalidOperationException($"'{key}' of {path} not found");
        }
        string text = lines[at];
        int hash = text.IndexOf(" #", StringComparison.Ordinal);
        Assert.True(hash > 0, $"line {at + 1} has no comment: {text}");
        return text[(hash + 2)..].Trim();
    }
}
