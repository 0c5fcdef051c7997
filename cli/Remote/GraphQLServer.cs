using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ScenarioGrid.Cli.Remote;

/// <summary>An error the server reported (its GraphQL errors), or an unreachable server.</summary>
public sealed class RemoteException(string message, IReadOnlyList<string> codes) : Exception(message)
{
    public IReadOnlyList<string> Codes { get; } = codes;

    /// <summary>The server refused the input (unknown id, bad argument, invalid scenario): exit code 2 like a local mistake.</summary>
    public bool IsInvalidInput => Codes.Count > 0 && Codes.All(c => c is "NOT_FOUND" or "BAD_INPUT" or "VALIDATION" or "NOT_READY");
}

/// <summary>
/// A running ScenarioGrid API spoken to in GraphQL over HTTP: POST application/json to {server}/graphql, with the
/// X-Api-Key header when a key is given (--api-key or SCENARIOGRID_API_KEY; needed for mutations on a locked server).
/// </summary>
public sealed class GraphQLServer : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    public GraphQLServer(string server, string? apiKey)
    {
        if (!Uri.TryCreate(server.Contains("://", StringComparison.Ordinal) ? server : "http://" + server, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
            throw new UsageException($"--server must be an http(s) URL such as http://127.0.0.1:5080, not '{server}'");
        _endpoint = uri.AbsolutePath.TrimEnd('/').EndsWith("/graphql", StringComparison.Ordinal) ? uri : new Uri(uri, "graphql");
        _http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json", 0.9));
        if (!string.IsNullOrEmpty(apiKey)) _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public Uri Endpoint => _endpoint;

    /// <summary>Runs one operation and returns its <c>data</c>; any GraphQL error becomes a <see cref="RemoteException"/>.</summary>
    public JsonElement Execute(string query, object? variables = null, CancellationToken cancellationToken = default)
    {
        string body = JsonSerializer.Serialize(new { query, variables });
        HttpResponseMessage response;
        try
        {
            response = _http.PostAsync(_endpoint, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken)
                .GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw new RemoteException($"cannot reach the ScenarioGrid API at {_endpoint}: {e.Message}", []);
        }
        using (response)
        {
            string text = response.Content.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult();
            JsonDocument document;
            try { document = JsonDocument.Parse(text); }
            catch (JsonException)
            {
                throw new RemoteException($"{_endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase} without a GraphQL response", []);
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
                {
                    var messages = errors.EnumerateArray().Select(e => e.GetProperty("message").GetString() ?? "").ToList();
                    var codes = errors.EnumerateArray()
                        .Select(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "").ToList();
                    throw new RemoteException(string.Join(Environment.NewLine, messages.Zip(codes, (m, c) => c.Length > 0 ? $"{m} [{c}]" : m)), codes);
                }
                if (!root.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null)
                    throw new RemoteException($"{_endpoint} answered {(int)response.StatusCode} without data", []);
                return data.Clone();
            }
        }
    }

    /// <summary>GETs <paramref name="link"/> (a path relative to the server, as <c>Batch.exports</c> gives it) into <paramref name="path"/>.</summary>
    public void Download(string link, string path, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(_endpoint, link);
        HttpResponseMessage response;
        try { response = _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).GetAwaiter().GetResult(); }
        catch (HttpRequestException e) { throw new RemoteException($"cannot download {uri}: {e.Message}", []); }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new RemoteException($"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}: " +
                                          response.Content.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult(), []);
            using var file = File.Create(path);
            response.Content.CopyToAsync(file, cancellationToken).GetAwaiter().GetResult();
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>From --server and --api-key (or SCENARIOGRID_API_KEY).</summary>
    public static GraphQLServer From(Arguments a) =>
        new(a.RequiredString("server"), a.String("api-key") ?? Environment.GetEnvironmentVariable("SCENARIOGRID_API_KEY"));
}
