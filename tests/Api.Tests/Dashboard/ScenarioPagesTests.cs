namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>The scenario list and a scenario's page in Chromium, checked against what GraphQL serves.</summary>
[Collection("dashboard")]
public sealed class ScenarioPagesTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task The_root_lists_every_stored_scenario_with_its_parent()
    {
        // The start-up line names the URL this test opens.
        Assert.Contains($"ScenarioGrid dashboard at {fixture.Api.Url}/,", fixture.Api.Output);
        await using var page = await BrowserPage.Open(fixture, "");
        var scenarios = (await fixture.Query("{ scenarios { id parent { id } } }"))["scenarios"]!.AsArray();
        Assert.Equal(scenarios.Select(s => s!["id"]!.GetValue<string>()), await page.Texts("table.scenarios tbody tr td:first-child"));
        Assert.Equal(scenarios.Select(s => s!["parent"]?["id"]?.GetValue<string>() ?? "—"), await page.Texts("table.scenarios tbody tr td:nth-child(4)"));
        await page.Screenshot("scenarios");
        page.AssertClean();
    }

    [BrowserFact]
    public async Task A_scenario_page_lists_every_uncertain_parameter_with_its_distribution_and_source()
    {
        await using var page = await BrowserPage.Open(fixture, "#/scenario/sulfide-vs-oxide");
        var parameters = (await fixture.Query("{ scenario(id: \"sulfide-vs-oxide\") { parameters { path text fixed source } } }"))["scenario"]!["parameters"]!
            .AsArray().Where(p => !p!["fixed"]!.GetValue<bool>()).ToArray();
        Assert.Equal(parameters.Select(p => p!["path"]!.GetValue<string>()), await page.Texts("table.parameters tbody tr td:nth-child(1)"));
        Assert.Equal(parameters.Select(p => p!["text"]!.GetValue<string>()), await page.Texts("table.parameters tbody tr td:nth-child(3)"));
        Assert.Equal(parameters.Select(p => p!["source"]?.GetValue<string>() ?? "—"), await page.Texts("table.parameters tbody tr td:nth-child(4)"));
        Assert.Contains("[V] Xinhua/USTC 2024: \">195 $/kg\"", await page.Texts("table.parameters tbody tr td:nth-child(4)"));

        // The what-if changes no number; it replaces the baseline's paired comparisons.
        Assert.Equal(["No parameter differs from the parent."], await page.Texts("[data-section=diff] .diff-none"));
        Assert.Contains("paired comparisons (replaced)", await page.Texts("[data-section=diff] caption"));
        await page.Screenshot("scenario");
        page.AssertClean();
    }

    [BrowserFact]
    public async Task A_what_if_page_shows_the_parameters_that_differ_from_its_parent()
    {
        await using var page = await BrowserPage.Open(fixture, "#/scenario/li2s-breakthrough");
        var data = await fixture.Query("""
            { scenario(id: "li2s-breakthrough") { parameters { path text } parent { id parameters { path text } } } }
            """);
        var mine = data["scenario"]!["parameters"]!.AsArray().ToDictionary(p => p!["path"]!.GetValue<string>(), p => p!["text"]!.GetValue<string>());
        var parents = data["scenario"]!["parent"]!["parameters"]!.AsArray().ToDictionary(p => p!["path"]!.GetValue<string>(), p => p!["text"]!.GetValue<string>());
        var changed = mine.Where(kv => parents.TryGetValue(kv.Key, out var old) && old != kv.Value).Select(kv => kv.Key).ToList();
        Assert.NotEmpty(changed);
        var shown = await page.Texts("table.diff-parameters tbody tr td:first-child");
        Assert.Equal(changed.Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
        page.AssertClean();
    }
}
