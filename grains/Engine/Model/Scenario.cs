namespace ScenarioGrid.Engine.Model;

/// <summary>
/// A scenario after inheritance, <c>set</c> and validation: everything the simulation needs and nothing
/// of the YAML it came from. Entry order is file order (it fixes output order and G-weighted sums).
/// </summary>
public sealed record Scenario(
    string Id,
    string Name,
    string Description,
    Horizon Horizon,
    Targets Targets,
    Benchmark Benchmark,
    Parameter LithiumPriceIndex,
    IReadOnlyList<Region> Regions,
    IReadOnlyList<Route> Routes,
    IReadOnlyList<Plant> Plants,
    IReadOnlyList<Correlation> Correlations,
    IReadOnlyList<ComparisonSpec> Comparisons,
    string Sha256)
{
    public int YearCount => Horizon.End - Horizon.Start + 1;

    /// <summary>The texts it was read from: the file, then each ancestor in extends order (what a server stores).</summary>
    public IReadOnlyList<ScenarioText> Sources { get; init; } = [];

    /// <summary>Model v2 (model-spec-v2 §0): any chain, option, strategy or step comparison. Reported as "v2".</summary>
    public bool IsV2 { get; init; }

    /// <summary>Process and interface options in file order (v2).</summary>
    public IReadOnlyList<ProcessOption> Options { get; init; } = [];

    /// <summary>
    /// The strategies of the file (v2 §2.3), each a whole scenario: the file with the strategy's <c>set</c> applied.
    /// Empty for a member itself.
    /// </summary>
    public IReadOnlyList<StrategyMember> Strategies { get; init; } = [];

    public IReadOnlyList<StrategyComparisonSpec> StrategyComparisons { get; init; } = [];

    /// <summary>The member this scenario is: "base" for the file itself when it has strategies, else null.</summary>
    public string? Strategy { get; init; }

    /// <summary>Member ids in member order: base, then each strategy in file order (empty without strategies).</summary>
    public IReadOnlyList<string> MemberIds => Strategies.Count == 0 ? [] : ["base", .. Strategies.Select(s => s.Id)];

    /// <summary>The member with this id ("base" is the file itself).</summary>
    public Scenario Member(string id) => id == "base" ? this
        : Strategies.FirstOrDefault(s => s.Id == id)?.Scenario
          ?? throw new ArgumentException($"unknown strategy '{id}' (members: {string.Join(", ", MemberIds)})");
}

/// <summary>A strategy of a file and the member scenario it makes.</summary>
public sealed record StrategyMember(string Id, string Name, string Description, Scenario Scenario);

public sealed record ScenarioText(string FileName, string Text);

public sealed record Horizon(int Start, int End);

public sealed record Targets(double CostThresholdUsdPerKWh, double MassProductionGWh);

public sealed record Benchmark(string Name, Parameter StartUsdPerKWh, Parameter AnnualChange);

/// <summary>Two uncertain parameters whose normal scores are correlated with <see cref="Rho"/>.</summary>
public sealed record Correlation(string PathA, string PathB, double Rho);

/// <summary>A paired comparison a strategist asked for: entity names such as <c>route:sulfide</c> or <c>benchmark</c>.</summary>
public sealed record ComparisonSpec(string A, string B, string Metric)
{
    /// <summary>The step of a step metric (v2), null for the metrics of v1.</summary>
    public string? Step { get; init; }
}
