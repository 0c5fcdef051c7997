using System.ComponentModel.DataAnnotations;

namespace ScenarioGrid.Api.Hosting;

/// <summary>
/// Section "Api:Subscriptions": GraphQL over WebSocket (graphql-transport-ws) at the GraphQL endpoint, and how
/// often a subscribed batch's grain is asked for its progress. Validated at start-up.
/// </summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Api:Subscriptions";

    /// <summary>Operations (subscriptions, and queries or mutations sent over the socket) running at once on one connection; one more gets an error.</summary>
    [Range(1, 1000)]
    public int MaxPerConnection { get; set; } = 10;

    /// <summary>How often a <c>batchProgress</c> stream asks the batch grain; a message goes out only when something changed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:01:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A socket that sends no <c>connection_init</c> within this time is closed with 4408.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00")]
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>WebSocket keep-alive: the server pings an idle socket this often, so proxies keep it open.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);
}
