namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>
/// The dashboard in every state a batch can be in: submitted from the form and run to completion, running (with
/// progress and cancel), with no trial merged yet, failed, with null statistics, and the empty and not-found cases.
/// Each renders readable text and tables and logs no error.
/// </summary>
[Collection("dashboard")]
public sealed class BatchStatesPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task The_submit_form_runs_a_batch_to_completion_and_shows_its_results()
    {
        await using var page = await BrowserPage.Open(fixture, "#/submit?scenario=sulfide-vs-oxide");
        await page.Page.EvaluateExpressionAsync("document.querySelector('input[name=trials]').value = '3000'");
        await page.Page.EvaluateExpressionAsync("document.querySelector('input[name=seed]').value = '11'");
        await page.Screenshot("submit");
        await page.Page.ClickAsync("form[name=submit] button[type=submit]");
        await page.WaitUntil("location.hash.startsWith('#/batch/')");
        string id = Uri.UnescapeDataString((await page.Evaluate<string>("() => location.hash")).Split('/')[2]);
        await page.WaitUntil(BrowserPage.PanelsReady);

        var batch = (await fixture.Query("query($id: ID!) { batch(id: $id) { status trials seed scenarioId } }", new { id }))["batch"]!;
        Assert.Equal("COMPLETED", batch["status"]!.GetValue<string>());
        Assert.Equal(3000, batch["trials"]!.GetValue<long>());
        Assert.Equal(11, batch["seed"]!.GetValue<long>());
        Assert.Equal("sulfide-vs-oxide", batch["scenarioId"]!.GetValue<string>());
        Assert.Contains("COMPLETED", await page.Texts("h1 .status"));
        page.AssertClean();
    }

    [BrowserFact]
    public async Task A_running_batch_shows_trials_per_second_and_ETA_until_cancel_stops_it()
    {
        // Far more trials than the test lasts: it runs until the page cancels it. A v1 file (tiny), whose first work
        // units merge within seconds; the baseline is v2 now, whose chain kernel takes far longer per work unit.
        string id = await fixture.Client.Submit("tiny", 500_000_000, 1);
        await using var page = await BrowserPage.Open(fixture, $"#/batch/{id}");
        await page.WaitFor("[data-section=progress] .progress-table");
        await page.WaitUntil("[...document.querySelectorAll('.progress-table td')].some(td => /^[0-9][0-9,]*$/.test(td.textContent) && td.previousSibling?.textContent === 'trials per second')");
        var labels = await page.Texts(".progress-table tbody tr td:first-child");
        Assert.Equal(["status", "trials done", "trials per second", "time left"], labels);
        Assert.Contains("RUNNING", await page.Texts(".progress-table tbody tr td:nth-child(2)"));
        await page.Screenshot("running");

        await page.Page.ClickAsync("[data-section=progress] button.danger");
        await page.WaitUntil("document.querySelector('h1 .status')?.textContent === 'CANCELLED'");
        var notices = await page.Texts(".notice.warning");
        Assert.Contains(notices, n => n.StartsWith("This batch was cancelled after", StringComparison.Ordinal));
        Assert.Equal("CANCELLED", (await fixture.Query("query($id: ID!) { batch(id: $id) { status } }", new { id }))["batch"]!["status"]!.GetValue<string>());
        page.AssertClean();
    }

    [BrowserFact]
    public async Task A_batch_with_no_trial_merged_yet_shows_zero_progress_and_an_unknown_time_left()
    {
        // One work unit of 2^20 baseline trials: many seconds pass before its first trials are merged.
        var submitted = await fixture.Query("mutation { submitBatch(scenarioId: \"baseline\", trials: 1048576, seed: 2, chunkSize: 1048576) { id } }");
        string id = submitted["submitBatch"]!["id"]!.GetValue<string>();
        try
        {
            await using var page = await BrowserPage.Open(fixture, $"#/batch/{id}");
            await page.WaitFor("[data-section=progress] .progress-table");
            var values = await page.Texts(".progress-table tbody tr td:nth-child(2)");
            long merged = (await fixture.Query("query($id: ID!) { batch(id: $id) { trialsDone } }", new { id }))["batch"]!["trialsDone"]!.GetValue<long>();
            Assert.True(merged == 0, $"the unit merged before the page was read ({merged} trials): the test needs a slower unit");
            Assert.Equal("0 of 1,048,576 (0.0 %)", values[1]);
            Assert.Equal("no trial merged yet", values[2]);
            Assert.Equal("unknown", values[3]);
            page.AssertClean();
        }
        finally
        {
            await fixture.Query("mutation($id: ID!) { cancelBatch(id: $id) { id } }", new { id });
        }
    }

    [BrowserFact]
    public async Task A_failed_batch_says_why_and_keeps_its_provenance()
    {
        await using var page = await BrowserPage.Open(fixture, $"#/batch/{fixture.FailedBatchId}");
        var error = Assert.Single(await page.Texts(".notice.error"));
        Assert.Contains(DashboardFixture.FailedError, error);
        Assert.Contains("25,000 of 50,000 trials", error);
        Assert.Single(await page.Texts("[data-section=provenance]"));
        Assert.Empty(await page.Texts("section.panel[data-section=fan]"));
        page.AssertClean();
    }

    [BrowserFact]
    public async Task A_route_that_never_produces_shows_tables_of_nulls_instead_of_charts()
    {
        await using var page = await BrowserPage.Open(fixture, $"#/batch/{fixture.NeverProducesBatchId}");
        await page.WaitUntil(BrowserPage.PanelsReady);
        await page.Page.SelectAsync("section[data-section=fan] select[name=entity]", "route:halide");
        await page.WaitFor("section[data-section=fan] .chart-grid[data-entity='route:halide']");

        // Cost is never defined: a message and the table, with a row per year and dashes for the null statistics.
        Assert.Equal(0, await page.Evaluate<int>("() => document.querySelectorAll(\"[data-chart='fan-costUsdPerKWh']\").length"));
        Assert.Contains(await page.Texts("figure[data-frame='fan-costUsdPerKWh'] .notice"), n => n.StartsWith("No trial produced costUsdPerKWh for route:halide", StringComparison.Ordinal));
        Assert.Equal(["2025", "2026", "2027"], await page.Texts("figure[data-frame='fan-costUsdPerKWh'] tbody tr td:first-child"));
        Assert.All(await page.Texts("figure[data-frame='fan-costUsdPerKWh'] tbody tr td:nth-child(6)"), p50 => Assert.Equal("—", p50));
        // Output is defined (0 GWh every year): that chart is drawn.
        Assert.Equal(1, await page.Evaluate<int>("() => document.querySelectorAll(\"[data-chart='fan-outputGWh']\").length"));

        // The listed comparison halide vs sulfide has no trial where both are defined: tables, no chart.
        Assert.Equal(0, await page.Evaluate<int>("() => document.querySelectorAll(\"[data-chart^='compare-']\").length"));
        Assert.Contains(await page.Texts("figure[data-frame='compare-probability'] .notice"), n => n.StartsWith("No trial defines both sides", StringComparison.Ordinal));

        // Sensitivity of the route that never produces: nothing to rank, said in words.
        await page.Page.SelectAsync("form[name=sensitivity] select[name=entity]", "route:halide");
        await page.Page.ClickAsync("form[name=sensitivity] button[type=submit]");
        await page.WaitFor("figure[data-frame=tornado] .notice");
        Assert.Equal(0, await page.Evaluate<int>("() => document.querySelectorAll(\"[data-chart='tornado']\").length"));
        page.AssertClean();
    }

    [BrowserFact]
    public async Task Empty_lists_and_an_unknown_batch_read_as_messages()
    {
        // No batch of this scenario was run here: its page says so in the table's place.
        await using (var scenario = await BrowserPage.Open(fixture, "#/scenario/us-credit-repeal"))
        {
            Assert.Equal(["no rows"], await scenario.Texts("[data-section=batches] table.batches tbody td"));
            scenario.AssertClean();
        }
        await using (var list = await BrowserPage.Open(fixture, "#/batches"))
        {
            Assert.Contains(fixture.BatchId, await list.Texts("table.batches tbody tr td:first-child"));
            Assert.Contains(fixture.FailedBatchId, await list.Texts("table.batches tbody tr td:first-child"));
            await list.Screenshot("batches");
            list.AssertClean();
        }
        await using var unknown = await BrowserPage.Open(fixture, "#/batch/b-doesnotexist");
        Assert.Equal("error", await unknown.Evaluate<string>("() => document.getElementById('view').dataset.state"));
        Assert.Contains(await unknown.Texts(".notice.error"), n => n.Contains("b-doesnotexist", StringComparison.Ordinal));
        unknown.AssertClean();
    }
}
