using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScenarioGrid.Api.Tests;

/// <summary>A GraphQL response as the tests see it: status, media type and the parsed body.</summary>
internal sealed record GraphQLResponse(HttpStatusCode Status, string? MediaType, JsonNode? Body)
{
    public JsonNode Data => Body?["data"] ?? throw new Xunit.Sdk.XunitException($"no data: {Body?.ToJsonString()}");
    public JsonArray Errors => Body?["errors"] as JsonArray ?? [];
    public IReadOnlyList<string> Codes => [.. Errors.Select(e => e!["extensions"]?["code"]?.GetValue<string>() ?? "(none)")];

    /// <summary>Every error carries a code and nothing that looks like a stack trace or exception type.</summary>
    public GraphQLResponse AssertWellFormedErrors()
    {
        foreach (var e in Errors)
        {
            Assert.NotNull(e!["extensions"]?["code"]);
            string text = e.ToJsonString();
            Assert.DoesNotContain("   at ", text);
            Assert.DoesNotContain("Exception", text);
            Assert.Null(e["extensions"]!["details"]);
            Assert.Null(e["extensions"]!["codes"]);
        }
        return this;
    }

    public GraphQLResponse AssertOk()
    {
        Assert.True(Status == HttpStatusCode.OK && Errors.Count == 0, $"{(int)Status}: {Body?.ToJsonString()}");
        return this;
    }
}

internal sealed class GraphQLClient(HttpClient http)
{
    public const string GraphQLResponseType = "application/graphql-response+json";

    public HttpClient Http => http;

    public Task<GraphQLResponse> Post(string query, object? variables = null, string accept = GraphQLResponseType, string? apiKey = null)
    {
        string body = JsonSerializer.Serialize(new { query, variables });
        return Send(HttpMethod.Post, "/graphql", new StringContent(body, Encoding.UTF8, "application/json"), accept, apiKey);
    }

    public Task<GraphQLResponse> PostRaw(string body, string contentType = "application/json", string accept = GraphQLResponseType) =>
        Send(HttpMethod.Post, "/graphql", new StringContent(body, Encoding.UTF8) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } }, accept, null);

    public Task<GraphQLResponse> Get(string query, object? variables = null, string accept = GraphQLResponseType)
    {
        string url = "/graphql?query=" + Uri.EscapeDataString(query)
                     + (variables is null ? "" : "&variables=" + Uri.EscapeDataString(JsonSerializer.Serialize(variables)));
        return Send(HttpMethod.Get, url, null, accept, null);
    }

    public async Task<GraphQLResponse> Send(HttpMethod method, string url, HttpContent? content, string? accept, string? apiKey)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        using var response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        try { body = text.Length == 0 ? null : JsonNode.Parse(text); }
        catch (JsonException) { }
        return new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    /// <summary>The server still answers a plain query correctly (after a bad request).</summary>
    public async Task AssertStillServing()
    {
        var r = await Post("{ scenarios { id } }");
        r.AssertOk();
        Assert.NotNull(r.Data["scenarios"]);
    }

    /// <summary>Creates scenario files (ancestors first) through createScenario.</summary>
    public async Task CreateScenario(string file, string? apiKey = null)
    {
        var r = await Post("mutation($yaml: String!, $fileName: String) { createScenario(yaml: $yaml, fileName: $fileName) { id sha256 } }",
            new { yaml = await File.ReadAllTextAsync(file), fileName = Path.GetFileName(file) }, apiKey: apiKey);
        r.AssertOk();
    }

    public async Task<string> Submit(string scenarioId, long trials, long seed, string? apiKey = null)
    {
        var r = await Post("mutation($s: ID!, $t: Long!, $seed: Long!) { submitBatch(scenarioId: $s, trials: $t, seed: $seed) { id } }",
            new { s = scenarioId, t = trials, seed }, apiKey: apiKey);
        r.AssertOk();
        return r.Data["submitBatch"]!["id"]!.GetValue<string>();
    }

    public async Task<JsonNode> WaitUntilFinished(string batchId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var r = (await Post("query($id: ID!) { batch(id: $id) { id status trialsDone error } }", new { id = batchId })).AssertOk();
            var batch = r.Data["batch"]!;
            if (batch["status"]!.GetValue<string>() is "COMPLETED" or "FAILED" or "CANCELLED") return batch;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"batch {batchId} still {batch.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
