using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScenarioGrid.Engine.Loading;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// The first run: an API started on a database without scenarios stores the shipped ones (Silo:SeedScenarios,
/// Silo:ScenariosFolder) before it reports that it has started, and GraphiQL's default tabs work on it at once.
/// </summary>
public sealed partial class FirstRunTests
{
    [Fact]
    public async Task A_fresh_api_lists_the_shipped_scenarios()
    {
        string[] shipped = [.. Directory.GetFiles(Path.Combine(TestPaths.RepoRoot(), "scenarios"), "*.yaml")
            .Select(f => ScenarioLoader.LoadFile(f).Id).Order(StringComparer.Ordinal)];
        Assert.Contains("sulfide-vs-oxide", shipped);

        await using var api = new ApiFactory();
        Assert.Equal(shipped, await ScenarioIds(api.Client()));
    }

    [Fact]
    public async Task Graphiqls_default_tabs_list_the_scenarios_submit_a_batch_read_its_results_and_follow_its_progress()
    {
        string page = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot(), "api", "wwwroot", "graphiql.html"));
        string[] tabs = [.. DefaultTab().Matches(page).Select(m => m.Groups[1].Value)];
        Assert.Equal(4, tabs.Length);

        await using var api = new ApiFactory();
        var client = api.Client();
        var listed = (await client.Post(tabs[0])).AssertOk().Data["scenarios"]!.AsArray();
        Assert.Contains("sulfide-vs-oxide", listed.Select(s => s!["id"]!.GetValue<string>()));

        string id = (await client.Post(tabs[1])).AssertOk().Data["submitBatch"]!["id"]!.GetValue<string>();
        Assert.Equal("COMPLETED", (await client.WaitUntilFinished(id, TimeSpan.FromSeconds(60)))["status"]!.GetValue<string>());

        string read = BatchIdArgument().Replace(tabs[2], $"batch(id: \"{id}\")");
        Assert.NotEqual(tabs[2], read);
        var batch = (await client.Post(read)).AssertOk().Data["batch"]!;
        Assert.Equal("COMPLETED", batch["status"]!.GetValue<string>());
        Assert.NotEmpty(batch["series"]!.AsArray());
        Assert.NotEmpty(batch["comparisons"]!.AsArray());

        // The subscription tab, over the WebSocket GraphiQL opens: a finished batch gets its final message, then complete.
        string follow = tabs[3].Replace("\"paste-the-batch-id\"", $"\"{id}\"");
        Assert.NotEqual(tabs[3], follow);
        await using var socket = await Subscriptions.TransportWsSocket.Connect(api);
        await socket.Init();
        await socket.Subscribe("tab4", follow);
        var messages = await socket.UntilDone("tab4", TimeSpan.FromSeconds(60));
        Assert.Equal(["next", "complete"], messages.Select(m => m["type"]!.GetValue<string>()));
        var last = messages[0]["payload"]!["data"]!["batchProgress"]!;
        Assert.True(last["final"]!.GetValue<bool>());
        Assert.Equal("COMPLETED", last["status"]!.GetValue<string>());
        Assert.NotNull(last["series"]![0]!["p50"]);
    }

    [Fact]
    public async Task With_seeding_off_a_fresh_api_has_no_scenarios()
    {
        await using var api = new ApiFactory(new Dictionary<string, string> { ["Silo:SeedScenarios"] = "false" });
        Assert.Empty(await ScenarioIds(api.Client()));
    }

    [Fact]
    public async Task A_restart_on_the_same_database_stores_nothing_new()
    {
        using var folder = new SeedFolder(("tiny.yaml", Shipped("tiny.yaml")));
        string before;
        await using (var first = new ApiFactory(folder.Settings)) before = await Listing(first.Client());
        Assert.Single(JsonNode.Parse(before)!.AsArray());

        // What a second store would add: a changed version of a stored id, and a new id.
        folder.Write("tiny.yaml", Shipped("tiny.yaml").Replace("name: Tiny deterministic check", "name: Tiny, changed", StringComparison.Ordinal));
        folder.Write("baseline.yaml", Shipped("baseline.yaml"));
        await using var second = new ApiFactory(folder.Settings);
        Assert.Equal(before, await Listing(second.Client()));
    }

    [Fact]
    public async Task A_broken_file_is_skipped_and_the_others_are_stored()
    {
        string invalid = Shipped("tiny.yaml").Replace("id: tiny", "id: tiny-broken", StringComparison.Ordinal)
            .Replace("start: 2025", "start: 1900", StringComparison.Ordinal);
        Assert.Throws<ScenarioValidationException>(() => ScenarioLoader.Load(invalid, "broken.yaml", _ => null));
        using var folder = new SeedFolder(("broken.yaml", invalid), ("not-yaml.yaml", "id: [unclosed\n"),
            ("orphan.yaml", "id: orphan\nname: Orphan\nextends: no-such-parent\n"), ("tiny.yaml", Shipped("tiny.yaml")));

        await using var api = new ApiFactory(folder.Settings);
        Assert.Equal(["tiny"], await ScenarioIds(api.Client()));
    }

    [Fact]
    public async Task Parents_are_stored_before_the_files_that_extend_them()
    {
        // By file name the child would come first.
        using var folder = new SeedFolder(("a-dry-room-shock.yaml", Shipped("dry-room-shock.yaml")), ("baseline.yaml", Shipped("baseline.yaml")));

        await using var api = new ApiFactory(folder.Settings);
        var d = (await api.Client().Post("""
            { parent: scenario(id: "baseline") { createdAt } child: scenario(id: "dry-room-shock") { createdAt ancestors { fileName } } }
            """)).AssertOk().Data;
        Assert.Equal("baseline.yaml", d["child"]!["ancestors"]![0]!["fileName"]!.GetValue<string>());
        Assert.True(d["parent"]!["createdAt"]!.GetValue<DateTimeOffset>() < d["child"]!["createdAt"]!.GetValue<DateTimeOffset>(),
            d.ToJsonString());
    }

    private static string Shipped(string file) => File.ReadAllText(TestPaths.Scenario(file));

    private static async Task<string[]> ScenarioIds(GraphQLClient client) =>
        [.. (await client.Post("{ scenarios { id } }")).AssertOk().Data["scenarios"]!.AsArray().Select(s => s!["id"]!.GetValue<string>())];

    private static async Task<string> Listing(GraphQLClient client) =>
        (await client.Post("{ scenarios { id sha256 createdAt } }")).AssertOk().Data["scenarios"]!.ToJsonString();

    [GeneratedRegex("""<script type="application/graphql" data-default-tab>(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DefaultTab();

    [GeneratedRegex("""batch\(id: "[^"]*"\)""")]
    private static partial Regex BatchIdArgument();

    /// <summary>A temporary scenarios folder and database for the API's settings; removed on dispose.</summary>
    private sealed class SeedFolder : IDisposable
    {
        private readonly string _root = TestPaths.TempFolder();

        public SeedFolder(params (string Name, string Yaml)[] files)
        {
            Directory.CreateDirectory(Scenarios);
            foreach (var (name, yaml) in files) Write(name, yaml);
        }

        private string Scenarios => Path.Combine(_root, "scenarios");

        public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Api:DatabasePath"] = Path.Combine(_root, "api.db"),
            ["Silo:ScenariosFolder"] = Scenarios,
        };

        public void Write(string name, string yaml) => File.WriteAllText(Path.Combine(Scenarios, name), yaml);

        public void Dispose()
        {
            try { Directory.Delete(_root, recursive: true); }
            catch (IOException) { }
        }
    }
}
