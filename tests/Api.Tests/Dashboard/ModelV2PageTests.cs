using System.Globalization;
using System.Text.Json.Nodes;

namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>
/// The model-v2 section of the results page in Chromium: the cost waterfall's bars are <c>Batch.steps</c> means
/// (and a set member's), the option curves are the option entities' series and milestones, the strategy charts are
/// <c>Batch.strategyComparisons</c>; null statistics read as a table; a v1 batch shows no v2 section; no page logs an error.
/// </summary>
[Collection("dashboard")]
public sealed class ModelV2PageTests(DashboardFixture fixture)
{
    private static readonly string[] Components = ["Materials", "Energy", "Labor", "Capital", "Fixed"];

    private async Task<BrowserPage> OpenV2(string batchId)
    {
        var page = await BrowserPage.Open(fixture, $"#/batch/{batchId}");
        await page.WaitUntil("document.querySelector('section[data-section=model-v2]')?.dataset.state === 'ready'");
        return page;
    }

    [BrowserFact]
    public async Task Cost_waterfall_bars_are_the_step_means_of_the_route_and_of_a_chosen_plant()
    {
        await using var page = await OpenV2(fixture.V2BatchId);
        int year = await LastYear(fixture.V2BatchId);
        string route = await page.Evaluate<string>("() => document.querySelector('form[name=waterfall] select[name=entity]').value");
        Assert.StartsWith("route:", route);
        await AssertWaterfall(page, fixture.V2BatchId, null, route, year);
        await page.Screenshot("model-v2-waterfall", "section[data-section=model-v2] [data-part=waterfall]");

        string plant = await page.Evaluate<string>("() => [...document.querySelectorAll('form[name=waterfall] select[name=entity] option')].map(o => o.value).find(v => v.startsWith('plant:'))");
        await page.Page.SelectAsync("form[name=waterfall] select[name=entity]", plant);
        await page.WaitFor($".waterfall[data-entity='{plant}']");
        await AssertWaterfall(page, fixture.V2BatchId, null, plant, year);
        Assert.Empty(await page.Texts(".notice.error"));
        page.AssertClean();
    }

    [BrowserFact]
    public async Task Option_curves_are_the_adopted_capacity_P50_and_the_ready_and_adopted_milestones()
    {
        await using var page = await OpenV2(fixture.V2BatchId);
        await page.WaitFor("[data-part=options][data-state=ready]");
        var options = (await fixture.Query("query($id: ID!) { batch(id: $id) { scenario { options { id entity } } } }", new { id = fixture.V2BatchId }))
            ["batch"]!["scenario"]!["options"]!.AsArray();
        Assert.NotEmpty(options);
        foreach (var option in options)
        {
            string id = option!["id"]!.GetValue<string>();
            var answer = (await fixture.Query("""
                query($id: ID!, $e: String!) { batch(id: $id) {
                  series(entity: $e, metric: "adoptedCapacityGWh") { year p50 }
                  milestones(entity: $e) { milestone probabilityByYear { year probability } } } }
                """, new { id = fixture.V2BatchId, e = option["entity"]!.GetValue<string>() }))["batch"]!;
            var capacity = await page.Evaluate<Lines>(ChartReader.LinePoints, $"option-capacity-{id}", "p50");
            ChartReader.AssertLine(capacity, answer["series"]!.AsArray().Where(s => s!["p50"] is not null).Select(s => (Year(s), s!["p50"]!.GetValue<double>())));

            var milestones = answer["milestones"]!.AsArray();
            Assert.Contains(milestones, m => m!["milestone"]!.GetValue<string>() == "adopted");
            var curves = await page.Evaluate<Lines>(ChartReader.LinePoints, $"option-milestones-{id}", "probability");
            Assert.Equal(milestones.Count, curves.Paths.Length);
            foreach (var m in milestones)
            {
                var expected = m!["probabilityByYear"]!.AsArray();
                Assert.Contains(curves.Paths, path => path.Length == expected.Count && path.Zip(expected).All(p =>
                    Math.Abs(p.First[0] - Year(p.Second)) <= curves.PixelX
                    && Math.Abs(p.First[1] - p.Second!["probability"]!.GetValue<double>()) <= curves.PixelY));
            }
        }
        await page.Screenshot("model-v2-options", "section[data-section=model-v2] [data-part=options] .option");
        page.AssertClean();
    }

    [BrowserFact]
    public async Task Strategy_set_comparisons_members_and_member_waterfalls_are_drawn_from_the_set()
    {
        await using var page = await OpenV2(fixture.SetBatchId);
        await page.WaitFor("[data-part=strategies][data-state=ready]");
        // The fan, milestone and comparison panels are per member (SetMemberPanelsPageTests); here the set's own parts.

        var comparisons = (await fixture.Query("query($id: ID!) { batch(id: $id) { strategyComparisons { a b entity metric step year probabilityALessThanB deltaP10 deltaP50 deltaP90 } } }",
            new { id = fixture.SetBatchId }))["batch"]!["strategyComparisons"]!.AsArray();
        var pairs = comparisons.GroupBy(c => string.Join('|', c!["a"]!.GetValue<string>(), c["b"]!.GetValue<string>(), c["entity"]!.GetValue<string>(),
            c["metric"]!.GetValue<string>(), c["step"]?.GetValue<string>() ?? "")).ToList();
        Assert.Equal(2, pairs.Count); // tiny-v2 lists the route's cost and a plant's sintering step cost
        foreach (var pair in pairs)
        {
            await page.Page.SelectAsync("select[name=strategy-pair]", pair.Key);
            await page.WaitFor($".chart-grid[data-pair='{pair.Key}']");
            ChartReader.AssertLine(await page.Evaluate<Lines>(ChartReader.LinePoints, "strategy-probability", "probability"), Values(pair, "probabilityALessThanB"));
            ChartReader.AssertLine(await page.Evaluate<Lines>(ChartReader.LinePoints, "strategy-delta", "delta p50"), Values(pair, "deltaP50"));
            Assert.Equal(1, await page.Evaluate<int>("() => document.querySelectorAll(`[data-chart='strategy-delta'] g[aria-description='delta p10-p90'] path`).length"));
        }

        // Route cost by member, last year: the table lists each member's P50 as Batch.members serves it.
        int year = await LastYear(fixture.SetBatchId);
        var members = (await fixture.Query("query($id: ID!, $y: Int!) { batch(id: $id) { members { strategy series(entity: \"route:oxide\", metric: \"costUsdPerKWh\", years: [$y]) { p50 } } } }",
            new { id = fixture.SetBatchId, y = year }))["batch"]!["members"]!.AsArray();
        Assert.Equal(["base", "early-sinter"], members.Select(m => m!["strategy"]!.GetValue<string>()));
        await page.Page.ClickAsync("figure[data-frame='member-cost'] button.toggle");
        var p50s = await page.Texts("figure[data-frame='member-cost'] tbody tr td:nth-child(5)");
        Assert.Equal(members.Count, p50s.Length);
        foreach (var (m, text) in members.Zip(p50s))
        {
            double p50 = m!["series"]![0]!["p50"]!.GetValue<double>(), shown = double.Parse(text.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(shown, p50 - Math.Abs(p50) * 1e-3, p50 + Math.Abs(p50) * 1e-3); // shown to four significant digits
        }
        await page.Page.ClickAsync("figure[data-frame='member-cost'] button.toggle"); // back to the dot plot for the picture

        // The member select: the waterfall is the chosen member's steps.
        await page.Page.SelectAsync("section[data-section=model-v2] select[name=member]", "early-sinter");
        await page.WaitFor("[data-part=waterfall][data-state=ready] .waterfall[data-entity='route:oxide']");
        await AssertWaterfall(page, fixture.SetBatchId, "early-sinter", "route:oxide", year);
        await page.Screenshot("model-v2-strategies", "section[data-section=model-v2] [data-part=strategies]");
        page.AssertClean();
    }

    [BrowserFact]
    public async Task A_year_without_production_shows_the_waterfall_as_a_table_of_nulls()
    {
        // tiny-v2's p2 announces 2026 and slips a year: it produces in no trial of 2025.
        await using var page = await OpenV2(fixture.SetBatchId);
        await page.WaitFor("[data-part=waterfall][data-state=ready] .waterfall");
        await page.Page.SelectAsync("form[name=waterfall] select[name=entity]", "plant:p2");
        await page.Page.SelectAsync("form[name=waterfall] select[name=year]", "2025");
        await page.WaitFor(".waterfall[data-entity='plant:p2'][data-year='2025']");
        Assert.Equal(0, await page.Evaluate<int>("() => document.querySelectorAll('[data-chart=waterfall]').length"));
        Assert.Contains(await page.Texts("figure[data-frame=waterfall] .notice"), t => t.Contains("produces in no trial in 2025"));
        var cells = await page.Texts("figure[data-frame=waterfall] tbody tr td:nth-child(3)");
        Assert.NotEmpty(cells);
        Assert.All(cells, c => Assert.Equal("—", c));
        page.AssertClean();
    }

    [BrowserFact]
    public async Task A_v1_batch_shows_no_model_v2_section_and_a_single_v2_run_no_strategy_part()
    {
        // never-produces extends tiny, a v1 file (sulfide-vs-oxide extends the baseline, which is v2).
        Assert.Equal("v1", (await fixture.Query("query($id: ID!) { batch(id: $id) { provenance { modelVersion } } }", new { id = fixture.NeverProducesBatchId }))
            ["batch"]!["provenance"]!["modelVersion"]!.GetValue<string>());
        await using (var page = await BrowserPage.Open(fixture, $"#/batch/{fixture.NeverProducesBatchId}"))
        {
            await page.WaitUntil(BrowserPage.PanelsReady);
            Assert.Equal(4, await page.Evaluate<int>("() => document.querySelectorAll('section.panel').length"));
            Assert.Equal(0, await page.Evaluate<int>("() => document.querySelectorAll('[data-section=model-v2], .v2-part').length"));
            Assert.Empty(await page.Texts(".notice.error"));
            page.AssertClean();
        }
        await using (var page = await OpenV2(fixture.V2BatchId))
        {
            await page.WaitUntil("[...document.querySelectorAll('.v2-part')].every(p => p.dataset.state === 'ready')");
            Assert.Equal(["waterfall", "options"], await page.Evaluate<string[]>("() => [...document.querySelectorAll('.v2-part')].map(p => p.dataset.part)"));
            Assert.Empty(await page.Texts(".notice.error"));
            page.AssertClean();
        }
    }

    /// <summary>
    /// The waterfall drawn for (member, entity, year): each step's outline bar runs from the sum of the previous steps'
    /// stepCostUsdPerKWh means to that plus its own, each component bar is as long as its component's mean, and the
    /// cost bar is the entity's costUsdPerKWh mean; all within a pixel.
    /// </summary>
    [BrowserFact]
    public async Task A_set_batchs_sensitivity_is_of_the_chosen_member_and_its_exports_hold_every_member()
    {
        await using var page = await OpenV2(fixture.SetBatchId);
        await page.WaitUntil("document.querySelector('section[data-section=sensitivity]')?.dataset.state === 'ready'");
        var members = await page.Evaluate<string[]>("() => [...document.querySelectorAll('form[name=sensitivity] select[name=member] option')].map(o => o.value)");
        Assert.Equal(["base", "early-sinter"], members);

        // tiny-v2's early-sinter member has its option ready in 2026, the base in 2027: their 2026 oxide costs differ.
        var answer = (await fixture.Query("""
            query($id: ID!) { batch(id: $id) {
              early: sensitivity(entity: "route:oxide", metric: "costUsdPerKWh", year: 2026, strategy: "early-sinter") { tornado { base } }
              base: sensitivity(entity: "route:oxide", metric: "costUsdPerKWh", year: 2026) { tornado { base } }
              exports { stepsCsv strategyComparisonsCsv strategyComparisonsParquet } } }
            """, new { id = fixture.SetBatchId }))["batch"]!;
        double early = answer["early"]!["tornado"]!["base"]!.GetValue<double>();
        Assert.NotEqual(answer["base"]!["tornado"]!["base"]!.GetValue<double>(), early);

        await page.Page.SelectAsync("form[name=sensitivity] select[name=member]", "early-sinter");
        await page.Page.SelectAsync("form[name=sensitivity] select[name=entity]", "route:oxide");
        await page.Page.SelectAsync("form[name=sensitivity] select[name=year]", "2026");
        await page.Page.ClickAsync("form[name=sensitivity] button[type=submit]");
        await page.WaitUntil("document.querySelector('figure[data-frame=tornado] .title')?.textContent.startsWith('Tornado: early-sinter:')");
        string title = await page.Evaluate<string>("() => document.querySelector('figure[data-frame=tornado] .title').textContent");
        // The dashboard's number(): four significant digits, grouped thousands.
        string shown = double.Parse(early.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            .ToString("#,##0.############", CultureInfo.InvariantCulture);
        Assert.Equal($"Tornado: early-sinter: route:oxide, costUsdPerKWh, 2026 (base {shown})", title);

        var exports = answer["exports"]!;
        foreach (string link in new[] { "stepsCsv", "strategyComparisonsCsv", "strategyComparisonsParquet" })
            Assert.Equal(exports[link]!.GetValue<string>(), await page.Evaluate<string>($"() => document.querySelector('a[data-export={link}]').getAttribute('href')"));
        Assert.Empty(await page.Texts(".notice.error"));
        page.AssertClean();
    }

    private async Task AssertWaterfall(BrowserPage page, string batchId, string? member, string entity, int year)
    {
        const string fields = "steps(entity: $e, years: [$y]) { step metric mean } series(entity: $e, metric: \"costUsdPerKWh\", years: [$y]) { mean }";
        var scope = member is null
            ? (await fixture.Query($"query($id: ID!, $e: String!, $y: Int!) {{ batch(id: $id) {{ {fields} }} }}", new { id = batchId, e = entity, y = year }))["batch"]!
            : (await fixture.Query($"query($id: ID!, $m: String!, $e: String!, $y: Int!) {{ batch(id: $id) {{ member(strategy: $m) {{ {fields} }} }} }}",
                new { id = batchId, m = member, e = entity, y = year }))["batch"]!["member"]!;
        var steps = scope["steps"]!.AsArray();
        var costs = steps.Where(s => s!["metric"]!.GetValue<string>() == "stepCostUsdPerKWh" && s["mean"] is not null).ToArray();
        Assert.NotEmpty(costs);

        var drawn = await page.Evaluate<Bars>(ChartReader.BarExtents, "waterfall", "step");
        Assert.Equal(costs.Select(s => s!["step"]!.GetValue<string>()), drawn.Items.Select(b => b.Title));
        double start = 0;
        foreach (var (bar, step) in drawn.Items.Zip(costs))
        {
            double mean = step!["mean"]!.GetValue<double>();
            Assert.InRange(bar.Low, Math.Min(start, start + mean) - drawn.PixelX, Math.Min(start, start + mean) + drawn.PixelX);
            Assert.InRange(bar.High, Math.Max(start, start + mean) - drawn.PixelX, Math.Max(start, start + mean) + drawn.PixelX);
            start += mean;
        }

        var parts = await page.Evaluate<Bars>(ChartReader.BarExtents, "waterfall", "component");
        foreach (var step in costs.Select(s => s!["step"]!.GetValue<string>()))
            foreach (string component in Components)
            {
                var row = steps.Single(s => s!["step"]!.GetValue<string>() == step && s["metric"]!.GetValue<string>() == $"step{component}UsdPerKWh");
                var bar = Assert.Single(parts.Items, b => b.Title == $"{step} {component.ToLowerInvariant()}");
                double mean = row!["mean"]!.GetValue<double>();
                Assert.InRange(bar.High - bar.Low, Math.Abs(mean) - 2 * parts.PixelX, Math.Abs(mean) + 2 * parts.PixelX);
            }

        double cost = scope["series"]![0]!["mean"]!.GetValue<double>();
        var total = Assert.Single((await page.Evaluate<Bars>(ChartReader.BarExtents, "waterfall", "total")).Items);
        Assert.InRange(total.High, cost - drawn.PixelX, cost + drawn.PixelX);
    }

    private async Task<int> LastYear(string batchId) =>
        (await fixture.Query("query($id: ID!) { batch(id: $id) { years } }", new { id = batchId }))["batch"]!["years"]!.AsArray()[^1]!.GetValue<int>();

    private static int Year(JsonNode? node) => node!["year"]!.GetValue<int>();

    private static IEnumerable<(int, double)> Values(IEnumerable<JsonNode?> rows, string field) =>
        rows.Where(r => r![field] is not null).Select(r => (Year(r), r![field]!.GetValue<double>()));
}
