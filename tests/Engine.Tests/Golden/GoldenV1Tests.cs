using System.IO.Compression;
using System.Text;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Tests.Golden;

/// <summary>
/// Model v1 is frozen: every shipped v1 scenario, as it stood before the redesign and model v2, must give
/// byte-identical result, replay and sensitivity documents. The fixtures (<c>Golden/scenarios/*.yaml</c>, copies
/// of the shipped files of 2026-12-04) and the documents (<c>Golden/documents/*.json.gz</c>) were written by this
/// test from the code of that day (commit bf636d0) with SCENARIOGRID_WRITE_GOLDEN=1; never regenerate them to
/// make a change pass. One thread, so the merge order (and the last bits of means) is fixed.
/// </summary>
public sealed class GoldenV1Tests
{
    private const ulong Seed = 42;
    private const long Trials = 20_000;
    private const long SensitivityTrials = 2_000;
    private const long ReplayTrial = 7;

    private static IReadOnlyList<string> FixtureNames() =>
        [.. Directory.GetFiles(Path.Combine(Folder, "scenarios"), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order()];

    public static TheoryData<string> Fixtures() => [.. FixtureNames()];

    [Fact]
    public void Every_shipped_v1_scenario_has_a_fixture() =>
        Assert.Equal(["baseline", "dry-room-shock", "li2s-breakthrough", "oxide-low-temp-sintering", "sop-slip",
            "sulfide-vs-oxide", "tiny", "us-credit-repeal"], FixtureNames());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Result_document_is_unchanged(string name)
    {
        var model = Load(name);
        var accumulator = BatchRunner.Run(model, Seed, Trials, chunkSize: 1024, threads: 1);
        Check($"{name}.result", ResultJson.ToJson(ResultBuilder.Build(model, accumulator, (long)Seed)));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Replay_document_is_unchanged(string name) =>
        Check($"{name}.replay", AnalysisJson.ToJson(TrialReplay.Run(Load(name), Seed, ReplayTrial)));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Sensitivity_document_is_unchanged(string name)
    {
        var model = Load(name);
        // The first route's 2030 cost (or the horizon's last year when it ends earlier): the question users ask most.
        string route = model.Scenario.Routes[0].Id;
        int year = Math.Min(2030, model.StartYear + model.YearCount - 1);
        Check($"{name}.sensitivity", AnalysisJson.ToJson(
            Sensitivity.Run(model, Seed, SensitivityTrials, $"route:{route}", Metric.CostUsdPerKWh, year)));
    }

    private static CompiledModel Load(string name) =>
        new(ScenarioLoader.LoadFile(Path.Combine(Folder, "scenarios", name + ".yaml")));

    private static void Check(string document, string actual)
    {
        string path = Path.Combine(Folder, "documents", document + ".json.gz");
        if (Environment.GetEnvironmentVariable("SCENARIOGRID_WRITE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = File.Create(path);
            using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
            gzip.Write(Encoding.UTF8.GetBytes(actual));
            return;
        }
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Encoding.UTF8);
        string expected = reader.ReadToEnd();
        if (expected == actual) return;
        int at = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i]);
        Assert.Fail($"{document} differs from the golden document at character {at}: " +
                    $"expected …{Excerpt(expected, at)}…, got …{Excerpt(actual, at)}…");
    }

    private static string Excerpt(string s, int at) => s.Substring(Math.Max(0, at - 60), Math.Min(120, s.Length - Math.Max(0, at - 60)));

    /// <summary>The source folder (not the build output), so that writing the golden files updates the repository.</summary>
    private static string Folder { get; } = FindSourceFolder();

    private static string FindSourceFolder()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "Engine.Tests", "Golden");
            if (File.Exists(Path.Combine(d.FullName, "ScenarioGrid.sln")) && Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/Engine.Tests/Golden above " + AppContext.BaseDirectory);
    }
}
