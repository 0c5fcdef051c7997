using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;

namespace ScenarioGrid.Api.Http.WebSockets;

/// <summary>
/// One <c>subscribe</c> of a connection: a document that does not parse or validate gets an <c>error</c> message; a
/// subscription sends each event as <c>next</c> and <c>complete</c> when its stream ends; a query or mutation sends its
/// one result as <c>next</c>, then <c>complete</c>. Nothing more is sent once the client completed the id or left.
/// </summary>
internal sealed class OperationRun(GraphQLWebSocketConnection connection, GraphQLWebSocketHandler server, HttpContext http,
    string id, GraphQLRequest request, CancellationToken cancellationToken)
{
    public async Task Run()
    {
        GraphQLDocument document;
        try
        {
            document = server.DocumentBuilder.Build(request.Query!);
        }
        catch (ExecutionError syntax)
        {
            await connection.SendErrors(id, [syntax], cancellationToken);
            return;
        }
        var operation = GraphQLHttpHandler.Operation(document, request.OperationName);
        if (operation is { Operation: OperationType.Mutation } && !connection.MayMutate())
        {
            await connection.SendErrors(id, [new ExecutionError(
                $"mutations need the server's API key: the {GraphQLHttpHandler.ApiKeyHeader} header of the upgrade request, or " +
                $"\"{GraphQLHttpHandler.ApiKeyHeader}\" in the connection_init payload") { Code = "UNAUTHENTICATED" }], cancellationToken);
            return;
        }
        bool subscription = operation is { Operation: OperationType.Subscription };
        // A subscription lives as long as its stream; queries and mutations have the HTTP endpoint's limit.
        var timeout = subscription ? Timeout.InfiniteTimeSpan : server.ApiOptions.ExecutionTimeout;
        var result = await server.Executer.ExecuteAsync(GraphQLHttpHandler.Execution(request, document, http, timeout, cancellationToken));
        if (!result.Executed)
        {
            await connection.SendErrors(id, result.Errors ?? [], cancellationToken);
            return;
        }
        if (result.Streams is { Count: > 0 } streams)
        {
            await Stream(streams.Values.Single());
            return;
        }
        await connection.Send(id, TransportWs.Next, server.Serializer.Serialize(result), cancellationToken);
        await connection.Send(id, TransportWs.Complete, null, cancellationToken);
    }

    /// <summary>Relays the events in order; the subscription is disposed (which stops the source) when this returns.</summary>
    private async Task Stream(IObservable<ExecutionResult> stream)
    {
        var events = Channel.CreateUnbounded<ExecutionResult>(new UnboundedChannelOptions { SingleReader = true });
        using (stream.Subscribe(new ChannelObserver(events.Writer)))
        {
            await foreach (var next in events.Reader.ReadAllAsync(cancellationToken))
                await connection.Send(id, TransportWs.Next, server.Serializer.Serialize(next), cancellationToken);
        }
        await connection.Send(id, TransportWs.Complete, null, cancellationToken);
    }

    private sealed class ChannelObserver(ChannelWriter<ExecutionResult> writer) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => writer.TryWrite(value);
        public void OnCompleted() => writer.TryComplete();
        public void OnError(Exception error) => writer.TryComplete(error);
    }
}
