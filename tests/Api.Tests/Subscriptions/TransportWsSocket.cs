using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScenarioGrid.Api.Tests.Subscriptions;

/// <summary>
/// A bare graphql-transport-ws client over System.Net.WebSockets, able to break the protocol on purpose (init twice,
/// subscribe before the ack, reuse an id) where graphql-ws never would.
/// </summary>
internal sealed class TransportWsSocket(WebSocket socket) : IAsyncDisposable
{
    private readonly WebSocket _socket = socket;

    /// <summary>A socket to a real API process at <paramref name="apiUrl"/>.</summary>
    public static async Task<TransportWsSocket> Connect(string apiUrl, string? subProtocol = "graphql-transport-ws")
    {
        var client = new ClientWebSocket();
        if (subProtocol is not null) client.Options.AddSubProtocol(subProtocol);
        await client.ConnectAsync(new Uri(apiUrl.Replace("http://", "ws://") + "/graphql"), CancellationToken.None);
        return new TransportWsSocket(client);
    }

    /// <summary>A socket to an in-process API (TestServer).</summary>
    public static async Task<TransportWsSocket> Connect(ApiFactory api)
    {
        var client = api.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        return new TransportWsSocket(await client.ConnectAsync(new Uri(api.Server.BaseAddress, "graphql"), CancellationToken.None));
    }

    public string? SubProtocol => _socket.SubProtocol;

    public Task Send(object message) => SendText(JsonSerializer.Serialize(message));

    public Task SendText(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>connection_init, then the ack.</summary>
    public async Task Init(object? payload = null)
    {
        await Send(payload is null ? new { type = "connection_init" } : new { type = "connection_init", payload });
        var ack = await Receive();
        Assert.Equal("connection_ack", ack?["type"]?.GetValue<string>());
    }

    public Task Subscribe(string id, string query, object? variables = null) =>
        Send(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>The next message, or null when the server closed the socket (then see <see cref="Closed"/>).</summary>
    public async Task<JsonNode?> Receive(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return JsonNode.Parse(text.ToArray());
        }
    }

    /// <summary>Reads until the server closes, and returns its close code and reason.</summary>
    public async Task<(int Code, string Reason)> Closed(TimeSpan? timeout = null)
    {
        while (await Receive(timeout) is not null)
        {
        }
        return ((int)_socket.CloseStatus!, _socket.CloseStatusDescription ?? "");
    }

    /// <summary>Messages of one operation until its complete or error (inclusive).</summary>
    public async Task<List<JsonNode>> UntilDone(string id, TimeSpan timeout)
    {
        var messages = new List<JsonNode>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var m = await Receive(deadline - DateTime.UtcNow) ?? throw new Xunit.Sdk.XunitException($"closed before {id} was done: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            if (m["id"]?.GetValue<string>() != id) continue;
            messages.Add(m);
            if (m["type"]!.GetValue<string>() is "complete" or "error") return messages;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }
}
