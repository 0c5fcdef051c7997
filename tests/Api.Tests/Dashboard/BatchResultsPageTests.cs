using System.Text.Json.Nodes;

namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>
/// The results page of a completed batch in Chromium: every chart is drawn from the numbers GraphQL serves for
/// that batch (read back from the SVG through the chart's scales, within a pixel), tables and downloads hold the
/// same numbers, and the page logs no error.
/// </summary>
[Collection("dashboard")]
public sealed class BatchResultsPageTests(DashboardFixture fixture)
{
    private const string Sulfide = "route:sulfide";

    private async Task<BrowserPage> OpenResults()
    {
        var page = await BrowserPage.Open(fixture, $"#/batch/{fixture.BatchId}");
        await page.WaitUntil(BrowserPage.PanelsReady);
        Assert.True(await page.Evaluate<bool>("() => typeof window.Plot?.plot === 'function'"),
            "the chart library was not served: build the API with npm on the PATH (api/web)");
        return page;
    }

    [BrowserFact]
    public async Task Fan_charts_draw_the_P50_line_at_the_series_P50_of_each_year()
    {
        await using var page = await OpenResults();
        foreach (string metric in (string[])["costUsdPerKWh", "outputGWh"])
        {
            var series = (await fixture.Query("query($id: ID!, $m: String!) { batch(id: $id) { series(entity: \"route:sulfide\", metric: $m) { year p50 p5 p95 } } }",
                new { id = fixture.BatchId, m = metric }))["batch"]!["series"]!.AsArray();
            var lines = await page.Evaluate<Lines>(ChartReader.LinePoints, $"fan-{metric}", "p50");
            var points = Assert.Single(lines.Paths);
            Assert.Equal(series.Count, points.Length);
            for (int i = 0; i < points.Length; i++)
            {
                Assert.InRange(points[i][0], Year(series[i]) - lines.PixelX, Year(series[i]) + lines.PixelX);
                double p50 = series[i]!["p50"]!.GetValue<double>();
                Assert.InRange(points[i][1], p50 - lines.PixelY, p50 + lines.PixelY);
            }
            Assert.Equal(1, await page.Evaluate<int>("n => document.querySelectorAll(`[data-chart='${n}'] g[aria-description='p5-p95'] path`).length", $"fan-{metric}"));
            Assert.Equal(1, await page.Evaluate<int>("n => document.querySelectorAll(`[data-chart='${n}'] g[aria-description='p25-p75'] path`).length", $"fan-{metric}"));
        }
        await page.Screenshot("batch-results");
        page.AssertClean();
    }

    [BrowserFact]
    public async Task Fan_chart_follows_the_chosen_plant_and_its_table_lists_every_year()
    {
        await using var page = await OpenResults();
        await page.Page.SelectAsync("section[data-section=fan] select[name=entity]", "plant:toyota-idemitsu");
        await page.WaitFor("section[data-section=fan] .chart-grid[data-entity='plant:toyota-idemitsu']");
        var series = (await fixture.Query("query($id: ID!) { batch(id: $id) { series(entity: \"plant:toyota-idemitsu\", metric: \"outputGWh\") { year p50 } } }",
            new { id = fixture.BatchId }))["batch"]!["series"]!.AsArray();
        var lines = await page.Evaluate<Lines>(ChartReader.LinePoints, "fan-outputGWh", "p50");
        var drawn = lines.Paths.SelectMany(p => p).ToArray();
        var expected = series.Where(s => s!["p50"] is not null).ToArray();
        Assert.Equal(expected.Length, drawn.Length);
        for (int i = 0; i < drawn.Length; i++)
            Assert.InRange(drawn[i][1], expected[i]!["p50"]!.GetValue<double>() - lines.PixelY, expected[i]!["p50"]!.GetValue<double>() + lines.PixelY);

        // The numbers one click away: the table has a row per year, the same P50s as GraphQL (as displayed).
        await page.Page.ClickAsync("figure[data-frame='fan-outputGWh'] button.toggle");
        var years = await page.Texts("figure[data-frame='fan-outputGWh'] tbody tr td:first-child");
        Assert.Equal(series.Select(s => Year(s).ToString()), years);
        page.AssertClean();
    }

    [BrowserFact]
    public async Task Milestone_curves_are_the_probabilities_by_year_of_every_route()
    {
        await using var page = await OpenResults();
        var milestones = (await fixture.Query("query($id: ID!) { batch(id: $id) { milestones { entity milestone probabilityByYear { year probability } } } }",
            new { id = fixture.BatchId }))["batch"]!["milestones"]!.AsArray();
        foreach (var kind in milestones.GroupBy(m => m!["milestone"]!.GetValue<string>()))
        {
            var lines = await page.Evaluate<Lines>(ChartReader.LinePoints, $"milestone-{kind.Key}", "probability");
            Assert.Equal(kind.Count(), lines.Paths.Length);
            foreach (var route in kind)
            {
                var expected = route!["probabilityByYear"]!.AsArray();
                Assert.Contains(lines.Paths, path => path.Length == expected.Count && path.Zip(expected).All(p =>
                    Math.Abs(p.First[0] - Year(p.Second)) <= lines.PixelX
                    && Math.Abs(p.First[1] - p.Second!["probability"]!.GetValue<double>()) <= lines.PixelY));
            }
        }
        await page.Screenshot("milestones", "section[data-section=milestones]");
        page.AssertClean();
    }

    [BrowserFact]
    public async Task Paired_comparison_draws_P_a_less_than_b_and_the_P50_of_a_minus_b_by_year()
    {
        await using var page = await OpenResults();
        var listed = (await fixture.Query("query($id: ID!) { batch(id: $id) { comparisons(a: \"route:sulfide\") { b metric year probabilityALessThanB deltaP50 } } }",
            new { id = fixture.BatchId }))["batch"]!["comparisons"]!.AsArray()
            .Where(c => c!["b"]!.GetValue<string>() == "route:oxide" && c["metric"]!.GetValue<string>() == "costUsdPerKWh").ToArray();
        Assert.NotEmpty(listed);
        // The page opens on the scenario's first listed pair, route:sulfide vs route:oxide on cost.
        Assert.Equal(Expected(listed, "probabilityALessThanB"), Drawn(await page.Evaluate<Lines>(ChartReader.LinePoints, "compare-probability", "probability"), listed, "probabilityALessThanB"));
        Assert.Equal(Expected(listed, "deltaP50"), Drawn(await page.Evaluate<Lines>(ChartReader.LinePoints, "compare-delta", "delta p50"), listed, "deltaP50"));

        // Any other pair goes through Batch.compare, recomputed by the server: the drawing follows its answer.
        await page.Page.SelectAsync("section[data-section=comparisons] select[name=pair]", "");
        await page.Page.SelectAsync("form[name=compare] select[name=a]", "plant:toyota-idemitsu");
        await page.Page.SelectAsync("form[name=compare] select[name=b]", "benchmark");
        await page.Page.ClickAsync("form[name=compare] button[type=submit]");
        await page.WaitUntil("document.querySelector('figure[data-frame=compare-probability] .title')?.textContent.includes('plant:toyota-idemitsu')");
        var compared = (await fixture.Query("""
            query($id: ID!) { batch(id: $id) { compare(a: "plant:toyota-idemitsu", b: "benchmark", metric: "costUsdPerKWh") { comparisons { year probabilityALessThanB } } } }
            """, new { id = fixture.BatchId }))["batch"]!["compare"]!["comparisons"]!.AsArray().ToArray();
        Assert.Equal(Expected(compared, "probabilityALessThanB"), Drawn(await page.Evaluate<Lines>(ChartReader.LinePoints, "compare-probability", "probability"), compared, "probabilityALessThanB"));
        await page.Screenshot("comparison", "section[data-section=comparisons]");
        page.AssertClean();
    }

    [BrowserFact]
    public async Task Tornado_and_Spearman_bars_are_the_sensitivity_of_the_chosen_entity_metric_and_year()
    {
        await using var page = await OpenResults();
        var s = (await fixture.Query("""
            query($id: ID!) { batch(id: $id) { years sensitivity(entity: "route:sulfide", metric: "costUsdPerKWh", year: 2030) {
              tornado { parameters { path outputLow outputHigh swing } } spearman { parameters { path rho } } } } }
            """, new { id = fixture.BatchId }))["batch"]!["sensitivity"]!;
        var bars = s["tornado"]!["parameters"]!.AsArray().Where(p => p!["swing"] is not null).Take(15).ToArray();
        var tornado = await page.Evaluate<Bars>(ChartReader.BarExtents, "tornado", "tornado");
        Assert.Equal(bars.Select(b => b!["path"]!.GetValue<string>()), tornado.Items.Select(b => b.Title));
        foreach (var (drawn, expected) in tornado.Items.Zip(bars))
        {
            double low = expected!["outputLow"]!.GetValue<double>(), high = expected["outputHigh"]!.GetValue<double>();
            Assert.InRange(drawn.Low, Math.Min(low, high) - tornado.PixelX, Math.Min(low, high) + tornado.PixelX);
            Assert.InRange(drawn.High, Math.Max(low, high) - tornado.PixelX, Math.Max(low, high) + tornado.PixelX);
        }
        var ranks = s["spearman"]!["parameters"]!.AsArray().Where(p => p!["rho"] is not null).Take(15).ToArray();
        var spearman = await page.Evaluate<Bars>(ChartReader.BarExtents, "spearman", "spearman");
        Assert.Equal(ranks.Select(r => r!["path"]!.GetValue<string>()), spearman.Items.Select(b => b.Title));
        foreach (var (drawn, expected) in spearman.Items.Zip(ranks))
        {
            double rho = expected!["rho"]!.GetValue<double>();
            Assert.InRange(drawn.Low, Math.Min(0, rho) - spearman.PixelX, Math.Min(0, rho) + spearman.PixelX);
            Assert.InRange(drawn.High, Math.Max(0, rho) - spearman.PixelX, Math.Max(0, rho) + spearman.PixelX);
        }
        await page.Screenshot("sensitivity", "section[data-section=sensitivity]");
        page.AssertClean();
    }

    [BrowserFact]
    public async Task Provenance_exports_CSV_and_PNG_downloads_carry_the_batch()
    {
        await using var page = await OpenResults();
        var batch = (await fixture.Query("query($id: ID!) { batch(id: $id) { provenance { scenarioSha256 seed trials modelVersion } exports { seriesCsv } } }",
            new { id = fixture.BatchId }))["batch"]!;
        string provenanceText = (await page.Texts("section[data-section=provenance]")).Single();
        Assert.Contains(batch["provenance"]!["scenarioSha256"]!.GetValue<string>(), provenanceText);
        Assert.Contains(DashboardFixture.Trials.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture), provenanceText);
        Assert.Contains(batch["provenance"]!["modelVersion"]!.GetValue<string>(), provenanceText);

        // The export link is the one the schema gives, and it downloads the series as CSV.
        string href = await page.Evaluate<string>("() => document.querySelector('a[data-export=seriesCsv]').getAttribute('href')");
        Assert.Equal(batch["exports"]!["seriesCsv"]!.GetValue<string>(), href);
        string csv = await page.Evaluate<string>("async h => (await fetch(h)).text()", href);
        Assert.StartsWith("entity,metric,year,count", csv);

        // CSV download of a chart: the rows of its table; PNG: the SVG rasterised (a real PNG of the chart's size).
        string chartCsv = await page.Evaluate<string>("""
            async () => {
              const { toCsv } = await import('/app/download.js');
              return toCsv([{ key: 'year' }, { key: 'p50' }], [{ year: 2025, p50: 1.5 }, { year: 2026, p50: null }]);
            }
            """);
        Assert.Equal("year,p50\r\n2025,1.5\r\n2026,\r\n", chartCsv);
        var png = await page.Evaluate<double[]>("""
            async () => {
              const { svgToPngBlob } = await import('/app/download.js');
              const { chartSvg } = await import('/app/chart-frame.js');
              const svg = chartSvg(document.querySelector("[data-chart='fan-costUsdPerKWh']"));
              const blob = await svgToPngBlob(svg, 1);
              const bytes = new Uint8Array(await blob.arrayBuffer());
              const bitmap = await createImageBitmap(blob);
              return [...bytes.slice(0, 4), blob.size, bitmap.width, svg.getBoundingClientRect().width];
            }
            """);
        Assert.Equal([0x89, 'P', 'N', 'G'], png[..4]);
        Assert.True(png[4] > 2_000, $"PNG of {png[4]} bytes");
        Assert.Equal(Math.Ceiling(png[6]), png[5]);
        page.AssertClean();
    }

    private static int Year(JsonNode? node) => node!["year"]!.GetValue<int>();

    /// <summary>(year, value) of the non-null values, in year order (a null leaves a gap in the line).</summary>
    private static IEnumerable<(int, double)> Expected(JsonNode?[] rows, string field) =>
        rows.Where(r => r![field] is not null).Select(r => (Year(r), r![field]!.GetValue<double>()));

    /// <summary>The drawn points snapped to the expected values when within a pixel, so a mismatch shows both numbers.</summary>
    private static IEnumerable<(int, double)> Drawn(Lines lines, JsonNode?[] rows, string field)
    {
        var expected = Expected(rows, field).ToList();
        var drawn = lines.Paths.SelectMany(p => p).ToList();
        return drawn.Select((p, i) =>
        {
            int year = (int)Math.Round(p[0]);
            double value = i < expected.Count && Math.Abs(p[1] - expected[i].Item2) <= lines.PixelY ? expected[i].Item2 : p[1];
            return (year, value);
        });
    }
}
