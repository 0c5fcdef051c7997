using System.Net;
using System.Text;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// GraphQL over HTTP: status codes, media types and error codes for good and bad requests; after each bad
/// request the server still answers.
/// </summary>
[Collection("api")]
public sealed class HttpProtocolTests(ApiFixture api)
{
    private GraphQLClient Client => api.Client;
    private const string Json = "application/json";

    [Theory]
    [InlineData("{\"query\": ", "BAD_REQUEST")]
    [InlineData("[{\"query\": \"{ scenarios { id } }\"}]", "BAD_REQUEST")]
    [InlineData("{\"query\": 5}", "BAD_REQUEST")]
    [InlineData("{\"query\": \"{ scenarios { id } }\", \"variables\": \"nope\"}", "BAD_REQUEST")]
    [InlineData("{}", "QUERY_MISSING")]
    [InlineData("{\"query\": \"  \"}", "QUERY_MISSING")]
    public async Task Unreadable_requests_get_400_in_either_media_type(string body, string code)
    {
        foreach (string accept in new[] { GraphQLClient.GraphQLResponseType, Json })
        {
            var r = (await Client.PostRaw(body, accept: accept)).AssertWellFormedErrors();
            Assert.Equal(HttpStatusCode.BadRequest, r.Status);
            Assert.Equal(accept, r.MediaType);
            Assert.Equal([code], r.Codes);
        }
        await Client.AssertStillServing();
    }

    [Theory]
    [InlineData("{ scenarios { id ", null, "SYNTAX_ERROR")]
    [InlineData("{ scenarios { id nope } }", null, "FIELDS_ON_CORRECT_TYPE")]
    [InlineData("{ batch { id } }", null, "PROVIDED_NON_NULL_ARGUMENTS")]
    [InlineData("query($n: Int!) { batches(first: $n) { totalCount } }", "{\"n\": \"many\"}", "INVALID_VALUE")]
    [InlineData("query($id: ID!) { batch(id: $id) { id } }", "{\"id\": {\"a\": 1}}", "INVALID_VALUE")]
    [InlineData("query($n: Int!) { batches(first: $n) { totalCount } }", null, "INVALID_VALUE")]
    public async Task Documents_that_do_not_parse_or_validate_get_400_as_graphql_response_and_200_as_json(string query, string? variables, string code)
    {
        string body = $"{{\"query\": {System.Text.Json.JsonSerializer.Serialize(query)}, \"variables\": {variables ?? "null"}}}";
        var modern = (await Client.PostRaw(body)).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.BadRequest, modern.Status);
        Assert.Equal(GraphQLClient.GraphQLResponseType, modern.MediaType);
        Assert.Contains(code, modern.Codes);
        Assert.Null(modern.Body!["data"]);

        var legacy = (await Client.PostRaw(body, accept: Json)).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Equal(Json, legacy.MediaType);
        Assert.Contains(code, legacy.Codes);
        await Client.AssertStillServing();
    }

    [Fact]
    public async Task No_accept_header_or_a_wildcard_means_application_json_and_graphql_response_wins_when_listed()
    {
        Assert.Equal(Json, (await Client.Send(HttpMethod.Post, "/graphql", Body("{ scenarios { id } }"), null, null)).AssertOk().MediaType);
        Assert.Equal(Json, (await Client.Post("{ scenarios { id } }", accept: "*/*")).AssertOk().MediaType);
        Assert.Equal(GraphQLClient.GraphQLResponseType,
            (await Client.Post("{ scenarios { id } }", accept: "application/json, application/graphql-response+json")).AssertOk().MediaType);
        Assert.Equal(Json, (await Client.Post("{ scenarios { id } }", accept: "application/json, application/graphql-response+json;q=0.5")).AssertOk().MediaType);
    }

    [Fact]
    public async Task Unacceptable_accept_gets_406_and_wrong_content_type_gets_415()
    {
        var r = (await Client.Post("{ scenarios { id } }", accept: "text/plain")).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.NotAcceptable, r.Status);
        Assert.Equal(["NOT_ACCEPTABLE"], r.Codes);

        foreach (string type in new[] { "text/plain", "application/graphql", "application/x-www-form-urlencoded", "application/json; charset=latin1" })
        {
            r = (await Client.PostRaw("{\"query\": \"{ scenarios { id } }\"}", contentType: type)).AssertWellFormedErrors();
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.Status);
            Assert.Equal(["UNSUPPORTED_MEDIA_TYPE"], r.Codes);
        }
        (await Client.PostRaw("{\"query\": \"{ scenarios { id } }\"}", contentType: "application/json; charset=utf-8")).AssertOk();
        await Client.AssertStillServing();
    }

    [Fact]
    public async Task Oversize_bodies_get_413_with_or_without_a_content_length()
    {
        string huge = "{\"query\": \"{ scenarios { id } }\", \"variables\": {\"pad\": \"" + new string('x', 1_100_000) + "\"}}";
        var r = (await Client.PostRaw(huge)).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.Status);
        Assert.Equal(["REQUEST_TOO_LARGE"], r.Codes);

        var chunked = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new("application/json");
        r = await Client.Send(HttpMethod.Post, "/graphql", chunked, GraphQLClient.GraphQLResponseType, null);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.Status);
        await Client.AssertStillServing();
    }

    [Fact]
    public async Task Get_runs_queries_and_refuses_mutations_with_405()
    {
        var r = (await Client.Get("query($id: ID!) { batch(id: $id) { status } }", new { id = api.BatchId })).AssertOk();
        Assert.Equal("COMPLETED", r.Data["batch"]!["status"]!.GetValue<string>());

        r = (await Client.Get("mutation { cancelBatch(id: \"b-x\") { id } }")).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.MethodNotAllowed, r.Status);
        Assert.Equal(["METHOD_NOT_ALLOWED"], r.Codes);

        const string two = "query Q { scenarios { id } } mutation M { cancelBatch(id: \"b-x\") { id } }";
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Client.Send(HttpMethod.Get,
            "/graphql?operationName=M&query=" + Uri.EscapeDataString(two), null, Json, null)).Status);
        (await Client.Send(HttpMethod.Get, "/graphql?operationName=Q&query=" + Uri.EscapeDataString(two), null, Json, null)).AssertOk();

        r = await Client.Send(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ scenarios { id } }") + "&variables=%7Bnope", null, Json, null);
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        r = await Client.Send(HttpMethod.Get, "/graphql", null, Json, null);
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal(["QUERY_MISSING"], r.Codes);

        var put = await Client.Http.PutAsync("/graphql", Body("{ scenarios { id } }"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        await Client.AssertStillServing();
    }

    [Fact]
    public async Task Too_deep_and_too_complex_queries_are_refused_but_graphiql_introspection_passes()
    {
        const string deep = """
            { batches(first: 1) { edges { node { scenario { batches(first: 1) { edges { node { scenario { batches(first: 1) { edges { node {
                scenario { batches(first: 1) { edges { node { scenario { id } } } } } } } } } } } } } } } } }
            """;
        var r = (await Client.Post(deep)).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal(["COMPLEXITY"], r.Codes);
        Assert.Contains("depth", r.Errors[0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        const string wide = "{ scenarios { routes { parameters { path kind text arguments } } plants { parameters { path kind text arguments } } } }";
        r = (await Client.Post(wide)).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal(["COMPLEXITY"], r.Codes);
        Assert.Contains("complexity", r.Errors[0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        string introspection = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "introspection.graphql"));
        r = (await Client.Post(introspection)).AssertOk();
        Assert.NotNull(r.Data["__schema"]!["types"]);
        await Client.AssertStillServing();
    }

    [Fact]
    public async Task A_browser_gets_graphiql_at_the_same_url()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var response = await Client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("GraphiQL", html);
        if (html.Contains("graphiql.min.js", StringComparison.Ordinal))
        {
            var script = await Client.Http.GetAsync("/graphiql/vendor/graphiql.min.js");
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Client.Http.GetAsync("/graphiql/vendor/..%2Fgraphiql.html")).StatusCode);
        }
        else
        {
            Assert.Contains("npm ci", html);
        }
    }

    [Fact]
    public async Task The_root_serves_the_dashboard_its_modules_and_only_its_own_vendor_files()
    {
        using var page = await Client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("src=\"/app/main.js\"", html);

        using var module = await Client.Http.GetAsync("/app/main.js");
        Assert.Equal(HttpStatusCode.OK, module.StatusCode);
        Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await Client.Http.GetAsync("/app/views/results.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.Http.GetAsync("/app/..%2Findex.html")).StatusCode);

        // The chart libraries are there when the build had npm (as GraphiQL's); GraphiQL's files are not the dashboard's.
        if (new Http.GraphiQLPage().IsInstalled)
            Assert.Equal(HttpStatusCode.OK, (await Client.Http.GetAsync("/app/vendor/plot.umd.min.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.Http.GetAsync("/app/vendor/graphiql.min.js")).StatusCode);
    }

    private static StringContent Body(string query) =>
        new(System.Text.Json.JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json");

    /// <summary>A body whose length the client cannot know in advance (sent chunked).</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
