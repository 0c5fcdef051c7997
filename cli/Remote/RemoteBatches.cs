using System.Globalization;
using System.Text.Json;
using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Cli.Remote;

/// <summary>The GraphQL operations the CLI sends, and the result document rebuilt from their fields.</summary>
public static class RemoteBatches
{
    public const string CreateScenario =
        "mutation($yaml: String!, $fileName: String) { createScenario(yaml: $yaml, fileName: $fileName) { id sha256 } }";

    public const string SubmitBatch = """
        mutation($scenarioId: ID!, $trials: Long!, $seed: Long!, $chunkSize: Int!, $strategy: String, $strategySet: Boolean,
                 $priority: BatchPriority, $until: UntilInput) {
          submitBatch(scenarioId: $scenarioId, trials: $trials, seed: $seed, chunkSize: $chunkSize, strategy: $strategy,
                      strategySet: $strategySet, priority: $priority, until: $until) { id scenarioSha256 } }
        """;

    public const string PauseBatch = "mutation($id: ID!) { pauseBatch(id: $id) { id status trialsDone } }";

    public const string ResumeBatch = "mutation($id: ID!) { resumeBatch(id: $id) { id status trialsDone } }";

    public const string Status = """
        query($id: ID!) { batch(id: $id) {
          id scenarioId status seed trials trialsDone progress trialsPerSecond etaSeconds error cancelRequested priority converged
          provenance { scenarioSha256 modelVersion softwareVersion }
          timings { createdAt startedAt finishedAt runSeconds } } }
        """;

    public const string Progress = "query($id: ID!) { batch(id: $id) { status trials trialsDone trialsPerSecond etaSeconds error strategySet } }";

    public const string Exports = """
        query($id: ID!) { batch(id: $id) { exports {
          seriesCsv seriesParquet milestonesCsv milestonesParquet comparisonsCsv comparisonsParquet stepsCsv stepsParquet
          strategyComparisonsCsv strategyComparisonsParquet } } }
        """;

    private const string Body = """
          series { entity metric year count mean stdDev min max p5 p10 p25 p50 p75 p90 p95 }
          milestones { entity milestone probabilityByEnd probabilityByYear { year probability } p10 p50 p90 }
          comparisons { a b metric step year count probabilityALessThanB deltaMean deltaP10 deltaP50 deltaP90 }
        """;

    private const string StepFields = "steps { entity step metric year count mean stdDev min max p5 p10 p25 p50 p75 p90 p95 }";

    /// <summary>Every field of the section 6 document (the same names: --json and GraphQL share them).</summary>
    public const string Results = $$"""
        query($id: ID!) { batch(id: $id) {
          scenarioId strategy seed trials status years
          {{Body}} {{StepFields}}
          provenance { scenarioSha256 seed trials modelVersion softwareVersion } } }
        """;

    /// <summary>A strategy-set batch's document without its members' bodies (one query per member follows: <see cref="SetMember"/>).</summary>
    public const string SetResults = """
        query($id: ID!) { batch(id: $id) {
          scenarioId seed trials status years members { strategy }
          strategyComparisons { a b entity metric step year count probabilityALessThanB deltaMean deltaP10 deltaP50 deltaP90 }
          provenance { scenarioSha256 seed trials modelVersion softwareVersion } } }
        """;

    /// <summary>One member's body (one query each keeps every request under the server's complexity limit).</summary>
    public const string SetMember = $$"""
        query($id: ID!, $strategy: String!) { batch(id: $id) { member(strategy: $strategy) { strategy {{Body}} {{StepFields}} } } }
        """;

    /// <summary>The set document as <c>run --strategies --json</c> writes it: <see cref="SetResults"/> and one <see cref="SetMember"/> per member.</summary>
    public static SetResult ToSetResult(JsonElement batch, Func<string, JsonElement> member)
    {
        var members = batch.GetProperty("members").EnumerateArray().Select(m => Str(m, "strategy")).Select(strategy =>
        {
            var body = member(strategy);
            return new MemberResult(strategy, Series(body), Steps(body) ?? [], Milestones(body), Comparisons(body));
        }).ToList();
        var comparisons = batch.GetProperty("strategyComparisons").EnumerateArray().Select(c => new StrategyComparisonResult(
            Str(c, "a"), Str(c, "b"), Str(c, "entity"), Str(c, "metric"), c.GetProperty("step").GetString(), c.GetProperty("year").GetInt32(),
            c.GetProperty("count").GetInt64(), D(c, "probabilityALessThanB"), D(c, "deltaMean"), D(c, "deltaP10"), D(c, "deltaP50"),
            D(c, "deltaP90"))).ToList();
        var p = batch.GetProperty("provenance");
        return new SetResult(Str(batch, "scenarioId"), batch.GetProperty("seed").GetInt64(), batch.GetProperty("trials").GetInt64(),
            Str(p, "modelVersion"), [.. batch.GetProperty("years").EnumerateArray().Select(y => y.GetInt32())], members, comparisons,
            Provenance(p));
    }

    /// <summary>The batch's result document as <c>run --json</c> writes it, from the <see cref="Results"/> fields.</summary>
    public static BatchResult ToResult(JsonElement batch)
    {
        var p = batch.GetProperty("provenance");
        bool v2 = Str(p, "modelVersion") == "v2"; // a v1 document has no steps key (model-spec-v2 §11.4)
        return new BatchResult(Str(batch, "scenarioId"), batch.GetProperty("seed").GetInt64(), batch.GetProperty("trials").GetInt64(),
            Str(p, "modelVersion"), [.. batch.GetProperty("years").EnumerateArray().Select(y => y.GetInt32())],
            Series(batch), Milestones(batch), Comparisons(batch), Provenance(p))
        {
            Strategy = batch.GetProperty("strategy").GetString(),
            Steps = v2 ? Steps(batch) : null,
        };
    }

    private static Provenance Provenance(JsonElement p) =>
        new(Str(p, "scenarioSha256"), p.GetProperty("seed").GetInt64(), p.GetProperty("trials").GetInt64(), Str(p, "modelVersion"),
            Str(p, "softwareVersion"));

    private static List<StepStatistics>? Steps(JsonElement body) => body.GetProperty("steps").EnumerateArray().Select(s => new StepStatistics(
        Str(s, "entity"), Str(s, "step"), Str(s, "metric"), s.GetProperty("year").GetInt32(), s.GetProperty("count").GetInt64(),
        D(s, "mean"), D(s, "stdDev"), D(s, "min"), D(s, "max"), D(s, "p5"), D(s, "p10"), D(s, "p25"), D(s, "p50"),
        D(s, "p75"), D(s, "p90"), D(s, "p95"))).ToList();

    private static List<SeriesStatistics> Series(JsonElement batch) =>
        batch.GetProperty("series").EnumerateArray().Select(s => new SeriesStatistics(
            Str(s, "entity"), Str(s, "metric"), s.GetProperty("year").GetInt32(), s.GetProperty("count").GetInt64(),
            D(s, "mean"), D(s, "stdDev"), D(s, "min"), D(s, "max"), D(s, "p5"), D(s, "p10"), D(s, "p25"), D(s, "p50"),
            D(s, "p75"), D(s, "p90"), D(s, "p95"))).ToList();

    private static List<MilestoneResult> Milestones(JsonElement batch) =>
        batch.GetProperty("milestones").EnumerateArray().Select(m => new MilestoneResult(
            Str(m, "entity"), Str(m, "milestone"), m.GetProperty("probabilityByEnd").GetDouble(),
            m.GetProperty("probabilityByYear").EnumerateArray()
                .Select(p => new YearProbability(p.GetProperty("year").GetInt32(), p.GetProperty("probability").GetDouble())).ToList(),
            I(m, "p10"), I(m, "p50"), I(m, "p90"))).ToList();

    private static List<ComparisonResult> Comparisons(JsonElement batch) =>
        batch.GetProperty("comparisons").EnumerateArray().Select(c => new ComparisonResult(
            Str(c, "a"), Str(c, "b"), Str(c, "metric"), c.GetProperty("year").GetInt32(), c.GetProperty("count").GetInt64(),
            D(c, "probabilityALessThanB"), D(c, "deltaMean"), D(c, "deltaP10"), D(c, "deltaP50"), D(c, "deltaP90"))
        {
            Step = c.GetProperty("step").GetString(),
        }).ToList();

    public static string Str(JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";

    public static double? D(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();

    public static int? I(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetInt32();

    public static string Seconds(JsonElement e, string name) =>
        D(e, name) is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) + " s" : "–";
}
