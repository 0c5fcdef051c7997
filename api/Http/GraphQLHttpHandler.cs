using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ScenarioGrid.Api.Hosting;

namespace ScenarioGrid.Api.Http;

/// <summary>
/// GraphQL over HTTP (the GraphQL-over-HTTP spec), written here because no GraphQL.Server package is available:
/// POST application/json {query, variables, operationName, extensions}; GET with the same as query parameters
/// (queries only: a mutation over GET is 405). Status codes: 415 wrong content type, 413 oversize body,
/// 406 unacceptable Accept, 400 unreadable request, 401 mutation without the API key; then, for
/// application/graphql-response+json, 400 when the document failed to parse or validate and 200 once it
/// executed; for application/json, 200 for every well-formed request.
/// </summary>
public sealed partial class GraphQLHttpHandler(
    IDocumentExecuter<ISchema> executer,
    IDocumentBuilder documentBuilder,
    IGraphQLTextSerializer serializer,
    IOptions<ApiOptions> options,
    ILogger<GraphQLHttpHandler> logger)
{
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly byte[]? _apiKey = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.ApiKey);

    public async Task Handle(HttpContext http)
    {
        try
        {
            await HandleRequest(http);
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted)
        {
            LogFailed(e, http.Request.Path);
            await WriteRequestError(http, ResponseFormat.Json, StatusCodes.Status500InternalServerError, ApiErrorInfoProvider.InternalCode,
                "internal error; the server logged it");
        }
    }

    private async Task HandleRequest(HttpContext http)
    {
        var format = ContentNegotiation.Negotiate(http.Request);
        if (format is not { } f)
        {
            await WriteRequestError(http, ResponseFormat.Json, StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE",
                $"the response is {ContentNegotiation.GraphQLResponseType} or {ContentNegotiation.JsonType}: accept one of them");
            return;
        }

        var (request, error) = HttpMethods.IsPost(http.Request.Method) ? await ReadPost(http) : ReadGet(http);
        if (error is { } e)
        {
            await WriteRequestError(http, f, e.Status, e.Code, e.Message);
            return;
        }
        if (string.IsNullOrWhiteSpace(request!.Query))
        {
            await WriteRequestError(http, f, StatusCodes.Status400BadRequest, "QUERY_MISSING", "the request has no GraphQL query ('query')");
            return;
        }

        GraphQLDocument document;
        try
        {
            document = documentBuilder.Build(request.Query);
        }
        catch (ExecutionError syntax)
        {
            await WriteResult(http, f, new ExecutionResult(syntax));
            return;
        }

        if (Operation(document, request.OperationName) is { Operation: OperationType.Subscription })
        {
            await WriteResult(http, f, new ExecutionResult(new ExecutionError(
                $"subscriptions are served over WebSocket (subprotocol graphql-transport-ws) at {http.Request.Path}, not over HTTP") { Code = "SUBSCRIPTION_OVER_HTTP" }));
            return;
        }
        if (Operation(document, request.OperationName) is { Operation: not OperationType.Query })
        {
            if (!HttpMethods.IsPost(http.Request.Method))
            {
                http.Response.Headers.Allow = "POST";
                await WriteRequestError(http, f, StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED",
                    "mutations are sent with POST; GET runs queries only");
                return;
            }
            if (_apiKey is not null && !HasApiKey(http.Request))
            {
                await WriteRequestError(http, f, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED",
                    $"mutations need the {ApiKeyHeader} header with the server's API key");
                return;
            }
        }

        var result = await executer.ExecuteAsync(Execution(request, document, http, options.Value.ExecutionTimeout, http.RequestAborted));
        await WriteResult(http, f, result);
    }

    /// <summary>How a parsed request runs, over HTTP or over a WebSocket: its services and user are the HTTP request's.</summary>
    internal static ExecutionOptions Execution(GraphQLRequest request, GraphQLDocument document, HttpContext http, TimeSpan timeout,
        CancellationToken cancellationToken) => new()
    {
        Query = request.Query,
        Document = document,
        OperationName = request.OperationName,
        Variables = request.Variables,
        Extensions = request.Extensions,
        RequestServices = http.RequestServices,
        User = http.User,
        CancellationToken = cancellationToken,
        Timeout = timeout,
    };

    /// <summary>The operation that will run: the named one, or the only one; null when that is ambiguous (execution reports it).</summary>
    internal static GraphQLOperationDefinition? Operation(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        if (string.IsNullOrEmpty(operationName)) return operations.Count == 1 ? operations[0] : null;
        return operations.FirstOrDefault(o => o.Name?.Value.Span.SequenceEqual(operationName) == true);
    }

    private bool HasApiKey(HttpRequest request) =>
        request.Headers.TryGetValue(ApiKeyHeader, out var values) && values.Count == 1 && ApiKeyMatches(values[0]) == true;

    /// <summary>Whether <paramref name="given"/> is the server's API key (compared in constant time); null when the server has none.</summary>
    internal bool? ApiKeyMatches(string? given) =>
        _apiKey is null ? null : given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _apiKey);

    private async Task<(GraphQLRequest?, RequestError?)> ReadPost(HttpContext http)
    {
        var request = http.Request;
        if (!IsJson(request.ContentType))
            return (null, new RequestError(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                $"POST bodies are {ContentNegotiation.JsonType} (utf-8), not '{request.ContentType ?? "(none)"}'"));
        int max = options.Value.MaxRequestBytes;
        if (request.ContentLength > max) return (null, TooLarge(max));
        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            if (body.Length + read > max) return (null, TooLarge(max));
            body.Write(buffer, 0, read);
        }
        body.Position = 0;
        try
        {
            var parsed = await serializer.ReadAsync<GraphQLRequest>(body, http.RequestAborted);
            return parsed is null
                ? (null, BadRequest("the body is not a GraphQL request object"))
                : (parsed, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException or InvalidCastException)
        {
            return (null, BadRequest($"the body is not a valid GraphQL request (JSON object with a string 'query'): {FirstLine(e.Message)}"));
        }
    }

    private (GraphQLRequest?, RequestError?) ReadGet(HttpContext http)
    {
        var q = http.Request.Query;
        var request = new GraphQLRequest { Query = q["query"].ToString(), OperationName = NullIfEmpty(q["operationName"].ToString()) };
        try
        {
            if (NullIfEmpty(q["variables"].ToString()) is { } variables) request.Variables = serializer.Deserialize<Inputs>(variables);
            if (NullIfEmpty(q["extensions"].ToString()) is { } extensions) request.Extensions = serializer.Deserialize<Inputs>(extensions);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException or InvalidCastException)
        {
            return (null, BadRequest($"'variables' and 'extensions' must be JSON objects: {FirstLine(e.Message)}"));
        }
        return (request, null);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals(ContentNegotiation.JsonType, StringComparison.OrdinalIgnoreCase)
        && (media.Charset.Length == 0 || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private async Task WriteResult(HttpContext http, ResponseFormat format, ExecutionResult result)
    {
        int status = StatusCodes.Status200OK;
        if (!result.Executed && format == ResponseFormat.GraphQLResponse)
            status = result.Errors?.Any(e => e is TimeoutError) == true ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status400BadRequest;
        if (result.Errors?.Any(e => e is TimeoutError) == true) LogTimeout(http.Request.Path);
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentNegotiation.MediaType(format);
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>A request error in the GraphQL response shape: <c>{"errors":[{"message","extensions":{"code"}}]}</c>.</summary>
    private async Task WriteRequestError(HttpContext http, ResponseFormat format, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentNegotiation.MediaType(format);
        await serializer.WriteAsync(http.Response.Body, new ExecutionResult(new ExecutionError(message) { Code = code }), http.RequestAborted);
    }

    private static RequestError TooLarge(int max) =>
        new(StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE", $"the request body is larger than {max} bytes (Api:MaxRequestBytes)");

    private static RequestError BadRequest(string message) => new(StatusCodes.Status400BadRequest, "BAD_REQUEST", message);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    [LoggerMessage(Level = LogLevel.Error, Message = "GraphQL request to {Path} failed outside execution")]
    private partial void LogFailed(Exception e, string path);

    private sealed record RequestError(int Status, string Code, string Message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GraphQL request to {Path} timed out (Api:ExecutionTimeout)")]
    private partial void LogTimeout(string path);
}
