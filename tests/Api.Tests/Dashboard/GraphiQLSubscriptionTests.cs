using System.Text.Json.Nodes;
using PuppeteerSharp;

namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>
/// GraphiQL's own fetcher, as our page configures it (createFetcher with subscriptionUrl: its bundled graphql-ws
/// client), runs batchProgress in the browser over the socket. Over HTTP the server would refuse a subscription.
/// </summary>
[Collection("dashboard")]
public sealed class GraphiQLSubscriptionTests(DashboardFixture fixture)
{
    // The page's `fetcher` is a top-level const of its script: the same object GraphiQL's run button calls, with the
    // parsed document its editor passes (the fetcher goes to the socket when that names a subscription operation).
    private const string Collect = """
        async (id, most) => {
          const query = 'subscription Follow($id: ID!) { batchProgress(id: $id) { status trialsDone final } }';
          const documentAST = { kind: 'Document', definitions: [{ kind: 'OperationDefinition', operation: 'subscription',
            name: { kind: 'Name', value: 'Follow' }, variableDefinitions: [], directives: [], selectionSet: { kind: 'SelectionSet', selections: [] } }] };
          const results = [];
          const stream = await fetcher({ query, variables: { id }, operationName: 'Follow' }, { documentAST, headers: {} });
          for await (const result of stream) {
            results.push(result);
            if (results.length >= most) break;
          }
          return JSON.stringify(results);
        }
        """;

    [BrowserFact]
    public async Task GraphiQLs_fetcher_streams_batch_progress_over_the_socket()
    {
        var page = await fixture.Browser!.NewPageAsync();
        var problems = new List<string>();
        // The socket's failures show as console errors; a browser's favicon request (GraphiQL's page has none) does not count.
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error && e.Message.Location?.URL?.EndsWith("/favicon.ico", StringComparison.Ordinal) != true)
                problems.Add($"{e.Message.Text} ({e.Message.Location?.URL})");
        };
        try
        {
            await page.GoToAsync($"{fixture.Api.Url}/graphql", WaitUntilNavigation.Load);
            await page.WaitForExpressionAsync("typeof fetcher === 'function'", new WaitForFunctionOptions { Timeout = 60_000 });

            // A completed batch: one final message, then the stream ends.
            var done = JsonNode.Parse(await page.EvaluateFunctionAsync<string>(Collect, fixture.BatchId, 10))!.AsArray();
            var only = Assert.Single(done)!["data"]?["batchProgress"] ?? throw new Xunit.Sdk.XunitException($"no data: {done.ToJsonString()}");
            Assert.Equal("COMPLETED", only["status"]!.GetValue<string>());
            Assert.True(only["final"]!.GetValue<bool>());
            Assert.Equal(DashboardFixture.Trials, only["trialsDone"]!.GetValue<long>());

            // A running one: a message at once, then one per change (QUEUED to RUNNING at most once, else trials merged),
            // so the third has merged trials; the client leaves after it.
            string id = await fixture.Client.Submit("tiny", 500_000_000, 5);
            try
            {
                var running = JsonNode.Parse(await page.EvaluateFunctionAsync<string>(Collect, id, 3))!.AsArray();
                Assert.Equal(3, running.Count);
                Assert.All(running, r => Assert.False(r!["data"]!["batchProgress"]!["final"]!.GetValue<bool>()));
                Assert.True(running[2]!["data"]!["batchProgress"]!["trialsDone"]!.GetValue<long>() > 0, running.ToJsonString());
            }
            finally
            {
                await fixture.Query("mutation($id: ID!) { cancelBatch(id: $id) { id } }", new { id });
            }
            Assert.Empty(problems);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
