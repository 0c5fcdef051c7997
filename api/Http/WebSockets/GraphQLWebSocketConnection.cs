using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Transport;

namespace ScenarioGrid.Api.Http.WebSockets;

/// <summary>
/// One graphql-transport-ws connection: <c>connection_init</c> within the configured time (else 4408), once (else 4429);
/// <c>subscribe</c> only after the ack (else 4401), each under an id not in use (else 4409), at most
/// <see cref="Hosting.SubscriptionOptions.MaxPerConnection"/> at once (else an <c>error</c> for that id); <c>ping</c> gets
/// <c>pong</c>; <c>complete</c> from the client stops its operation. Anything unreadable closes with 4400. Closing the
/// socket stops every operation.
/// </summary>
internal sealed class GraphQLWebSocketConnection(WebSocket socket, HttpContext http, GraphQLWebSocketHandler server)
{
    private readonly Dictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private bool _initReceived;
    private bool _acknowledged;
    private bool? _initApiKey; // the key given in connection_init: null none given, else whether it matched
    private volatile bool _closing;

    private sealed record Operation(CancellationTokenSource Cancel)
    {
        public Task Running { get; set; } = Task.CompletedTask;
    }

    public async Task Run()
    {
        _ = CloseUnlessInitialised();
        try
        {
            // After our close frame, keep reading until the client's answers it (messages meanwhile are ignored).
            while (await Receive() is { } message)
            {
                if (!_closing) await Dispatch(message);
            }
        }
        finally
        {
            // Every operation's token is linked to this one.
            var running = Running();
            await _closed.CancelAsync();
            await Task.WhenAll(running.Select(o => o.Running)).ContinueWith(_ => { }, TaskScheduler.Default);
            if (socket.State == WebSocketState.CloseReceived) await GraphQLWebSocketHandler.CloseQuietly(socket, (int)WebSocketCloseStatus.NormalClosure, "");
        }
    }

    private async Task CloseUnlessInitialised()
    {
        try { await Task.Delay(server.Options.ConnectionInitTimeout, _closed.Token); }
        catch (OperationCanceledException) { return; }
        if (!_initReceived) await Close(TransportWs.ConnectionInitialisationTimeout, "Connection initialisation timeout");
    }

    /// <summary>One whole text message, or null once the client closed (or we did). Oversize or binary messages close the socket.</summary>
    private async Task<string?> Receive()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > server.ApiOptions.MaxRequestBytes)
            {
                await Close((int)WebSocketCloseStatus.MessageTooBig, $"a message is at most {server.ApiOptions.MaxRequestBytes} bytes (Api:MaxRequestBytes)");
                return null;
            }
            if (!result.EndOfMessage) continue;
            if (result.MessageType == WebSocketMessageType.Binary)
            {
                await Close(TransportWs.BadRequest, "Invalid message received: messages are JSON text");
                return null;
            }
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    private async Task Dispatch(string text)
    {
        JsonObject message;
        try
        {
            message = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("the message is not a JSON object");
        }
        catch (JsonException e)
        {
            await Close(TransportWs.BadRequest, $"Invalid message received: {e.Message}");
            return;
        }
        string? type = Text(message, "type");
        switch (type)
        {
            case TransportWs.ConnectionInit:
                await Init(message["payload"]);
                break;
            case TransportWs.Ping:
                await Send(null, TransportWs.Pong, null);
                break;
            case TransportWs.Pong:
                break;
            case TransportWs.Subscribe:
                await Subscribe(message);
                break;
            case TransportWs.Complete:
                if (Text(message, "id") is not { Length: > 0 } done)
                    await Close(TransportWs.BadRequest, "Invalid message received: complete needs an id");
                else StopOperation(done);
                break;
            default:
                await Close(TransportWs.BadRequest, type is null
                    ? "Invalid message received: no string 'type'"
                    : $"Invalid message received: unexpected type '{type}'");
                break;
        }
    }

    private async Task Init(JsonNode? payload)
    {
        if (_initReceived)
        {
            await Close(TransportWs.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }
        _initReceived = true;
        if (payload is not (null or JsonObject))
        {
            await Close(TransportWs.BadRequest, "Invalid message received: the connection_init payload is an object");
            return;
        }
        // Browsers cannot set headers on a WebSocket: a client may give the API key in the init payload instead.
        string? key = payload is JsonObject o ? Text(o, GraphQLHttpHandler.ApiKeyHeader) ?? Text(o, "apiKey") : null;
        if (key is not null)
        {
            _initApiKey = server.ApiKeyMatches(key) != false;
            if (_initApiKey == false)
            {
                await Close(TransportWs.Forbidden, "Forbidden: wrong API key in connection_init");
                return;
            }
        }
        _acknowledged = true;
        await Send(null, TransportWs.ConnectionAck, null);
    }

    private async Task Subscribe(JsonObject message)
    {
        if (!_acknowledged)
        {
            await Close(TransportWs.Unauthorized, "Unauthorized");
            return;
        }
        string? id = Text(message, "id");
        GraphQLRequest? request = null;
        try
        {
            if (message["payload"] is JsonObject payload) request = server.Serializer.Deserialize<GraphQLRequest>(payload.ToJsonString());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException or InvalidCastException)
        {
            request = null;
        }
        if (id is not { Length: > 0 } || request is null || string.IsNullOrEmpty(request.Query))
        {
            await Close(TransportWs.BadRequest, "Invalid message received: subscribe needs an id and a payload with a string 'query'");
            return;
        }
        Operation? operation = null;
        bool inUse, full;
        lock (_operations)
        {
            inUse = _operations.ContainsKey(id);
            full = !inUse && _operations.Count >= server.Options.MaxPerConnection;
            if (!inUse && !full) _operations[id] = operation = new Operation(CancellationTokenSource.CreateLinkedTokenSource(_closed.Token));
        }
        if (inUse)
        {
            await Close(TransportWs.SubscriberAlreadyExists, $"Subscriber for {id} already exists");
            return;
        }
        if (full)
        {
            await SendErrors(id, [new ExecutionError(
                $"this connection already runs {server.Options.MaxPerConnection} operations (Api:Subscriptions:MaxPerConnection): complete one first")
                { Code = "TOO_MANY_OPERATIONS" }]);
            return;
        }
        operation!.Running = Task.Run(() => Execute(id, request, operation));
    }

    private void StopOperation(string id)
    {
        Operation? operation;
        lock (_operations) _operations.Remove(id, out operation);
        // Outside the lock: cancelling may run the operation's own clean-up inline, which takes the lock.
        if (operation is not null) Stop(operation);
    }

    /// <summary>Cancels an operation; one that has just ended disposed its source already, which is as good.</summary>
    private static void Stop(Operation operation)
    {
        try { operation.Cancel.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    private List<Operation> Running()
    {
        lock (_operations) return [.. _operations.Values];
    }

    private async Task Execute(string id, GraphQLRequest request, Operation operation)
    {
        var token = operation.Cancel.Token;
        try
        {
            await new OperationRun(this, server, http, id, request, token).Run();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            GraphQLWebSocketHandler.LogOperationFailed(server.Logger, e, id);
            if (!token.IsCancellationRequested)
                await SendErrors(id, [new ExecutionError("internal error; the server logged it") { Code = ApiErrorInfoProvider.InternalCode }]);
        }
        finally
        {
            lock (_operations)
            {
                if (_operations.TryGetValue(id, out var current) && current == operation) _operations.Remove(id);
            }
            operation.Cancel.Dispose();
        }
    }

    /// <summary>Whether a mutation may run here: the server has no key, or it came with the upgrade request or connection_init.</summary>
    internal bool MayMutate()
    {
        if (server.ApiKeyMatches(null) is null) return true;
        if (_initApiKey == true) return true;
        return http.Request.Headers.TryGetValue(GraphQLHttpHandler.ApiKeyHeader, out var values) && values.Count == 1
               && server.ApiKeyMatches(values[0]) == true;
    }

    /// <summary>Sends a message unless its operation was completed by the client or the connection is closing.</summary>
    internal async Task Send(string? id, string type, string? payloadJson, CancellationToken operationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (id is not null) writer.WriteString("id", id);
            writer.WriteString("type", type);
            if (payloadJson is not null)
            {
                writer.WritePropertyName("payload");
                writer.WriteRawValue(payloadJson, skipInputValidation: true);
            }
            writer.WriteEndObject();
        }
        await _sending.WaitAsync(CancellationToken.None);
        try
        {
            if (operationToken.IsCancellationRequested || socket.State != WebSocketState.Open) return;
            await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            await _closed.CancelAsync();
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>An <c>error</c> message: the operation failed before it ran (parse, validation, refusal), with the GraphQL errors.</summary>
    internal Task SendErrors(string id, IEnumerable<ExecutionError> errors, CancellationToken operationToken = default)
    {
        var result = new ExecutionResult { Errors = [.. errors] };
        var array = JsonNode.Parse(server.Serializer.Serialize(result))!["errors"]!;
        return Send(id, TransportWs.Error, array.ToJsonString(), operationToken);
    }

    private async Task Close(int code, string reason)
    {
        _closing = true;
        await _sending.WaitAsync(CancellationToken.None);
        try
        {
            await GraphQLWebSocketHandler.CloseQuietly(socket, code, reason);
        }
        finally
        {
            _sending.Release();
        }
        // The client answers the close frame; if it does not within a few seconds, drop the socket.
        _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => { if (socket.State != WebSocketState.Closed) socket.Abort(); }, TaskScheduler.Default);
        foreach (var operation in Running()) Stop(operation);
    }

    private static string? Text(JsonObject message, string name) =>
        message[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
