namespace ScenarioGrid.Cli.Cluster;

/// <summary>Synchronous disposal of an async-disposable resource, for the CLI's synchronous commands.</summary>
internal sealed class Owned<T>(T value) : IDisposable where T : IAsyncDisposable
{
    public T Value { get; } = value;
    public void Dispose() => Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
}

internal static class OwnedExtensions
{
    public static Owned<T> Owned<T>(this T value) where T : IAsyncDisposable => new(value);
}
