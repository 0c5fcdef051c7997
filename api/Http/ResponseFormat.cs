using Microsoft.Net.Http.Headers;

namespace ScenarioGrid.Api.Http;

/// <summary>The media type of a GraphQL response, chosen from the request's Accept header (GraphQL over HTTP).</summary>
public enum ResponseFormat
{
    /// <summary><c>application/graphql-response+json</c>: request errors get 4xx.</summary>
    GraphQLResponse,

    /// <summary><c>application/json</c> (legacy clients, and Accept absent or <c>*/*</c>): well-formed requests get 200.</summary>
    Json,
}

public static class ContentNegotiation
{
    public const string GraphQLResponseType = "application/graphql-response+json";
    public const string JsonType = "application/json";

    /// <summary>
    /// The accepted response format, or null when the client accepts neither JSON type (406). Explicit
    /// graphql-response+json wins ties; no Accept header, or only wildcards, means application/json.
    /// </summary>
    public static ResponseFormat? Negotiate(HttpRequest request)
    {
        var (graphql, json, wildcard, _) = Qualities(request);
        if (graphql is null && json is null && wildcard is null) return request.Headers.Accept.Count == 0 ? ResponseFormat.Json : null;
        if (graphql > 0 && graphql >= (json ?? 0)) return ResponseFormat.GraphQLResponse;
        if (json > 0) return ResponseFormat.Json;
        if (wildcard > 0) return ResponseFormat.Json;
        return null;
    }

    /// <summary>A browser: a GET whose Accept header rates text/html above both JSON types.</summary>
    public static bool PrefersHtml(HttpRequest request)
    {
        var (graphql, json, _, html) = Qualities(request);
        return html > 0 && html > (graphql ?? 0) && html > (json ?? 0);
    }

    private static (double? GraphQL, double? Json, double? Wildcard, double? Html) Qualities(HttpRequest request)
    {
        double? graphql = null, json = null, wildcard = null, html = null;
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)) return (null, null, null, null);
        foreach (var media in accepted)
        {
            double q = media.Quality ?? 1;
            string type = media.MediaType.Value ?? "";
            if (type.Equals(GraphQLResponseType, StringComparison.OrdinalIgnoreCase)) graphql = Math.Max(graphql ?? 0, q);
            else if (type.Equals(JsonType, StringComparison.OrdinalIgnoreCase)) json = Math.Max(json ?? 0, q);
            else if (type is "*/*" or "application/*") wildcard = Math.Max(wildcard ?? 0, q);
            else if (type.Equals("text/html", StringComparison.OrdinalIgnoreCase)) html = Math.Max(html ?? 0, q);
        }
        return (graphql, json, wildcard, html);
    }

    public static string MediaType(ResponseFormat format) =>
        (format == ResponseFormat.GraphQLResponse ? GraphQLResponseType : JsonType) + "; charset=utf-8";
}
