using System.Text.Encodings.Web;
using System.Text.Json;

namespace ScenarioGrid.Api.Http;

/// <summary>The error body of the file endpoints (exports, samples): <c>{"code", "message"}</c>, codes as in GraphQL's extensions.</summary>
internal static class JsonError
{
    // Plain text in a JSON body: quotes in messages stay readable (application/json is never HTML-embedded here).
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task Write(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new { code, message }, Options));
    }
}
