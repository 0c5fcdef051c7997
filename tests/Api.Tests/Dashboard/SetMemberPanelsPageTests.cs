using System.Text.Json.Nodes;

namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>
/// A strategy-set batch's fan, milestone and comparison panels in Chromium: each has a member select (base first)
/// and draws the chosen member's results as <c>batch { member(strategy) { series milestones comparisons } }</c> and
/// <c>compare(strategy)</c> serve them, read back from the SVG through the chart's scales within a pixel; and a running
/// set batch, which keeps no running series, shows its progress.
/// </summary>
[Collection("dashboard")]
public sealed class SetMemberPanelsPageTests(DashboardFixture fixture)
{
    // cn-sulfide-push changes the CN sulfide plants' delays: the sulfide route, which the panels open on, differs from base.
    private const string Strategy = "cn-sulfide-push";
    private const string Route = "route:sulfide";
    private const string FirstPair = "route:sulfide|route:oxide|costUsdPerKWh"; // strategies.yaml's first listed comparison
    private const string Comparisons = "section[data-section=comparisons]";

    [BrowserFact]
    public async Task Fan_milestone_and_comparison_panels_draw_the_chosen_members_results()
    {
        await using var page = await BrowserPage.Open(fixture, $"#/batch/{fixture.StrategiesBatchId}");
        await page.WaitUntil(BrowserPage.PanelsReady);
        var members = (await fixture.Query("query($id: ID!) { batch(id: $id) { members { strategy } } }", new { id = fixture.StrategiesBatchId }))
            ["batch"]!["members"]!.AsArray().Select(m => m!["strategy"]!.GetValue<string>()).ToArray();
        foreach (string section in (string[])["fan", "milestones", "comparisons"])
            Assert.Equal(members, await page.Evaluate<string[]>(
                "s => [...document.querySelectorAll(`section[data-section=${s}] select[name=member] option`)].map(o => o.value)", section));

        Assert.Contains(await page.Texts(".notice.info"), n => n.StartsWith($"A strategy-set batch: {members.Length} members on the same trials.", StringComparison.Ordinal));

        var ofBase = await Member("base");
        var ofStrategy = await Member(Strategy);
        // Otherwise drawing base again after the switch would pass too.
        foreach (string field in (string[])["series", "milestones", "comparisons"])
            Assert.NotEqual(ofBase[field]!.ToJsonString(), ofStrategy[field]!.ToJsonString());

        await AssertPanels(page, "base", ofBase);
        foreach (string section in (string[])["fan", "milestones", "comparisons"])
            await page.Page.SelectAsync($"section[data-section={section}] select[name=member]", Strategy);
        await AssertPanels(page, Strategy, ofStrategy);
        await page.Screenshot("set-member-fan", "section[data-section=fan]");
        Assert.Empty(await page.Texts(".notice.error"));
        page.AssertClean();
    }

    [BrowserFact]
    public async Task Another_pair_is_recomputed_for_the_chosen_member_and_again_when_the_member_changes()
    {
        const string a = "plant:catl-sulfide", b = "benchmark", pair = $"{a}|{b}|costUsdPerKWh";
        await using var page = await BrowserPage.Open(fixture, $"#/batch/{fixture.StrategiesBatchId}");
        await page.WaitUntil(BrowserPage.PanelsReady);
        await page.Page.SelectAsync($"{Comparisons} select[name=member]", Strategy);
        await page.WaitFor($"{Comparisons} .pair-charts[data-member='{Strategy}'][data-pair='{FirstPair}']");
        await page.Page.SelectAsync($"{Comparisons} select[name=pair]", "");
        await page.Page.SelectAsync("form[name=compare] select[name=a]", a);
        await page.Page.SelectAsync("form[name=compare] select[name=b]", b);
        await page.Page.ClickAsync("form[name=compare] button[type=submit]");
        await page.WaitFor($"{Comparisons} .pair-charts[data-member='{Strategy}'][data-pair='{pair}']");
        var ofStrategy = await Compare(a, b, Strategy);
        await AssertComparison(page, Strategy, a, b, ofStrategy);

        // The pair in view follows the member: recomputed for base, not left as cn-sulfide-push's.
        await page.Page.SelectAsync($"{Comparisons} select[name=member]", "base");
        await page.WaitFor($"{Comparisons} .pair-charts[data-member='base'][data-pair='{pair}']");
        var ofBase = await Compare(a, b, "base");
        Assert.NotEqual(ofBase.Select(c => c!.ToJsonString()), ofStrategy.Select(c => c!.ToJsonString()));
        await AssertComparison(page, "base", a, b, ofBase);
        page.AssertClean();
    }

    [BrowserFact]
    public async Task A_running_set_batch_shows_its_progress_without_series()
    {
        // tiny-v2's set (two members of a tiny file): its first work units merge within seconds; far more trials than the test lasts.
        string id = (await fixture.Query("mutation { submitBatch(scenarioId: \"tiny-v2\", trials: 500000000, seed: 3, strategySet: true) { id } }"))
            ["submitBatch"]!["id"]!.GetValue<string>();
        try
        {
            await using var page = await BrowserPage.Open(fixture, $"#/batch/{id}");
            await page.WaitFor("[data-section=progress] .progress-table");
            await page.WaitUntil("Number(document.querySelector('[data-section=progress]')?.dataset.messages) >= 2");
            Assert.Equal("socket", await page.Evaluate<string>("() => document.querySelector('[data-section=progress]').dataset.live"));
            var cells = await page.Texts(".progress-table tbody tr td:nth-child(2)");
            Assert.Equal("RUNNING", cells[0]);
            Assert.Matches(@"^[0-9][0-9,]* of 500,000,000 \(", cells[1]);
            Assert.Equal(0, await page.Evaluate<int>("() => document.querySelectorAll('section.panel').length"));
            Assert.Empty(await page.Texts(".notice.error, .notice.warning"));
            page.AssertClean();
        }
        finally
        {
            await fixture.Query("mutation($id: ID!) { cancelBatch(id: $id) { id } }", new { id });
        }
    }

    private async Task<JsonNode> Member(string member) => (await fixture.Query("""
        query($id: ID!, $m: String!, $e: String!) { batch(id: $id) { member(strategy: $m) {
          series(entity: $e) { metric year p50 }
          milestones { entity milestone probabilityByYear { year probability } }
          comparisons { a b metric year probabilityALessThanB deltaP50 } } } }
        """, new { id = fixture.StrategiesBatchId, m = member, e = Route }))["batch"]!["member"]!;

    private async Task<JsonNode?[]> Compare(string a, string b, string member) => [.. (await fixture.Query("""
        query($id: ID!, $a: String!, $b: String!, $m: String!) { batch(id: $id) {
          compare(a: $a, b: $b, metric: "costUsdPerKWh", strategy: $m) { comparisons { year probabilityALessThanB deltaP50 } } } }
        """, new { id = fixture.StrategiesBatchId, a, b, m = member }))["batch"]!["compare"]!["comparisons"]!.AsArray()];

    /// <summary>The three panels show `member`: fan P50 lines, every milestone curve and the first listed pair, titles naming it.</summary>
    private async Task AssertPanels(BrowserPage page, string member, JsonNode answer)
    {
        await page.WaitFor($"section[data-section=fan] .chart-grid[data-member='{member}'][data-entity='{Route}']");
        await page.WaitFor($"section[data-section=milestones] .milestones[data-member='{member}']");
        await page.WaitFor($"{Comparisons} .pair-charts[data-member='{member}'][data-pair='{FirstPair}']");

        var series = answer["series"]!.AsArray();
        foreach (string metric in (string[])["costUsdPerKWh", "outputGWh"])
        {
            ChartReader.AssertLine(await page.Evaluate<Lines>(ChartReader.LinePoints, $"fan-{metric}", "p50"),
                Values(series.Where(s => s!["metric"]!.GetValue<string>() == metric), "p50"));
            Assert.Equal($"{Route}: {metric}, P5–P95, P25–P75 and P50 (member {member})", await Title($"fan-{metric}"));
        }

        var milestones = answer["milestones"]!.AsArray();
        Assert.NotEmpty(milestones);
        foreach (var kind in milestones.GroupBy(m => m!["milestone"]!.GetValue<string>()))
        {
            var lines = await page.Evaluate<Lines>(ChartReader.LinePoints, $"milestone-{kind.Key}", "probability");
            Assert.Equal(kind.Count(), lines.Paths.Length);
            foreach (var entity in kind)
            {
                var expected = entity!["probabilityByYear"]!.AsArray();
                Assert.Contains(lines.Paths, path => path.Length == expected.Count && path.Zip(expected).All(p =>
                    Math.Abs(p.First[0] - Year(p.Second)) <= lines.PixelX
                    && Math.Abs(p.First[1] - p.Second!["probability"]!.GetValue<double>()) <= lines.PixelY));
            }
            Assert.Equal($"{kind.Key}: probability reached by each year (member {member})", await Title($"milestone-{kind.Key}"));
        }

        var listed = answer["comparisons"]!.AsArray()
            .Where(c => $"{c!["a"]!.GetValue<string>()}|{c["b"]!.GetValue<string>()}|{c["metric"]!.GetValue<string>()}" == FirstPair).ToArray();
        Assert.NotEmpty(listed);
        await AssertComparison(page, member, "route:sulfide", "route:oxide", listed);

        async Task<string> Title(string frame) =>
            await page.Evaluate<string>("f => document.querySelector(`figure[data-frame='${f}'] .title`).textContent", frame);
    }

    private static async Task AssertComparison(BrowserPage page, string member, string a, string b, JsonNode?[] rows)
    {
        ChartReader.AssertLine(await page.Evaluate<Lines>(ChartReader.LinePoints, "compare-probability", "probability"), Values(rows, "probabilityALessThanB"));
        ChartReader.AssertLine(await page.Evaluate<Lines>(ChartReader.LinePoints, "compare-delta", "delta p50"), Values(rows, "deltaP50"));
        Assert.Equal($"P({a} < {b}), costUsdPerKWh (member {member})",
            await page.Evaluate<string>("() => document.querySelector(`figure[data-frame='compare-probability'] .title`).textContent"));
    }

    private static int Year(JsonNode? node) => node!["year"]!.GetValue<int>();

    private static IEnumerable<(int, double)> Values(IEnumerable<JsonNode?> rows, string field) =>
        rows.Where(r => r![field] is not null).Select(r => (Year(r), r![field]!.GetValue<double>()));
}
