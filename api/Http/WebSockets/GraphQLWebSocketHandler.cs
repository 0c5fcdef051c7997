using System.Net.WebSockets;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Microsoft.Extensions.Options;
using ScenarioGrid.Api.Hosting;

namespace ScenarioGrid.Api.Http.WebSockets;

/// <summary>
/// GraphQL over WebSocket at the GraphQL endpoint: a WebSocket upgrade request that offers the graphql-transport-ws
/// subprotocol gets a <see cref="GraphQLWebSocketConnection"/> for the socket's lifetime. No GraphQL.Server package is
/// available here, so the transport is ours; the execution is GraphQL.NET's, as over HTTP.
/// </summary>
public sealed partial class GraphQLWebSocketHandler(
    IDocumentExecuter<ISchema> executer,
    IDocumentBuilder documentBuilder,
    IGraphQLTextSerializer serializer,
    GraphQLHttpHandler http,
    IOptions<ApiOptions> apiOptions,
    IOptions<SubscriptionOptions> options,
    ILogger<GraphQLWebSocketHandler> logger)
{
    public async Task Handle(HttpContext context)
    {
        bool offered = context.WebSockets.WebSocketRequestedProtocols.Contains(TransportWs.SubProtocol);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = offered ? TransportWs.SubProtocol : null,
            KeepAliveInterval = options.Value.KeepAliveInterval,
        });
        if (!offered)
        {
            // The protocol's answer to a client that speaks another one (e.g. the older subscriptions-transport-ws).
            await CloseQuietly(socket, TransportWs.SubprotocolNotAcceptable, $"Subprotocol not acceptable: this endpoint speaks {TransportWs.SubProtocol}");
            return;
        }
        var connection = new GraphQLWebSocketConnection(socket, context, this);
        try
        {
            await connection.Run();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away without a close handshake: nothing to tell anyone.
        }
    }

    internal IDocumentExecuter<ISchema> Executer => executer;
    internal IDocumentBuilder DocumentBuilder => documentBuilder;
    internal IGraphQLTextSerializer Serializer => serializer;
    internal ApiOptions ApiOptions => apiOptions.Value;
    internal SubscriptionOptions Options => options.Value;
    internal ILogger Logger => logger;

    /// <summary>The server's API key check, shared with GraphQL over HTTP (null: the server has none).</summary>
    internal bool? ApiKeyMatches(string? given) => http.ApiKeyMatches(given);

    internal static async Task CloseQuietly(WebSocket socket, int code, string reason)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, Truncate(reason), CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    /// <summary>A close reason is at most 123 bytes of UTF-8.</summary>
    private static string Truncate(string reason)
    {
        while (System.Text.Encoding.UTF8.GetByteCount(reason) > 123) reason = reason[..^1];
        return reason;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "GraphQL over WebSocket: operation {OperationId} failed outside execution")]
    internal static partial void LogOperationFailed(ILogger logger, Exception exception, string operationId);
}
