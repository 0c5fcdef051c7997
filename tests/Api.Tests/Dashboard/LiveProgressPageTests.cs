namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>The progress view gets its figures pushed over the socket (subscription batchProgress), not by polling.</summary>
[Collection("dashboard")]
public sealed class LiveProgressPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task A_running_batchs_progress_arrives_over_the_socket()
    {
        // tiny (v1): its first work units merge within seconds; far more trials than the test lasts.
        string id = await fixture.Client.Submit("tiny", 500_000_000, 3);
        try
        {
            await using var page = await BrowserPage.Open(fixture, $"#/batch/{id}");
            await page.WaitFor("[data-section=progress] .progress-table");
            // A first message at once, then more as trials merge; the trials-done figure comes from them.
            await page.WaitUntil("Number(document.querySelector('[data-section=progress]')?.dataset.messages) >= 2");
            Assert.Equal("socket", await page.Evaluate<string>("() => document.querySelector('[data-section=progress]').dataset.live"));
            string done = (await page.Texts(".progress-table tbody tr td:nth-child(2)"))[1];
            Assert.Matches(@"^[1-9][0-9,]* of 500,000,000 \(", done);
            // The figure shown is one the API gave: trials done only grow, so the API's now is at least the page's.
            long shown = long.Parse(done.Split(' ')[0].Replace(",", ""));
            long now = (await fixture.Query("query($id: ID!) { batch(id: $id) { trialsDone } }", new { id }))["batch"]!["trialsDone"]!.GetValue<long>();
            Assert.InRange(shown, 1, now);
            page.AssertClean();
        }
        finally
        {
            await fixture.Query("mutation($id: ID!) { cancelBatch(id: $id) { id } }", new { id });
        }
    }
}
