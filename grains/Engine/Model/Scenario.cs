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
}

public sealed record ScenarioText(string FileName, string Text);

public sealed record Horizon(int Start, int End);

public sealed record Targets(double CostThresholdUsdPerKWh, double MassProductionGWh);

public sealed record Benchmark(string Name, Parameter StartUsdPerKWh, Parameter AnnualChange);

/// <summary>Two uncertain parameters whose normal scores are correlated with <see cref="Rho"/>.</summary>
public sealed record Correlation(string PathA, string PathB, double Rho);

/// <summary>A paired comparison a strategist asked for: entity names such as <c>route:sulfide</c> or <c>benchmark</c>.</summary>
public sealed record ComparisonSpec(string A, string B, string Metric);
