namespace ScenarioGrid.Api.Tests.Subscriptions;

/// <summary>
/// graphql-http 1.23.1's server audit suite (the GraphQL-over-HTTP spec's MUSTs and SHOULDs, as the reference
/// implementation checks them) against the real API process: every audit must be ok, not warn or error.
/// </summary>
[Collection("sockets")]
public sealed class ServerAuditTests(SocketApi api)
{
    [Fact]
    public async Task Every_graphql_http_server_audit_is_ok()
    {
        var audits = await NodeClients.Run(TimeSpan.FromMinutes(3), "audit.mjs", api.Url + "/graphql");
        Assert.True(audits.Count >= 61, $"graphql-http 1.23.1 has 61 server audits; only {audits.Count} ran");
        var notOk = audits.Where(a => a!["status"]!.GetValue<string>() != "ok")
            .Select(a => $"{a!["id"]} {a["name"]}: {a["status"]} ({a["reason"]})").ToList();
        Assert.True(notOk.Count == 0, $"{notOk.Count} of {audits.Count} audits not ok:\n{string.Join('\n', notOk)}");
    }
}
