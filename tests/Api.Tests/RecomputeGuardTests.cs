using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Api.Services;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// Issue 10's guard on recomputing fields: thirty aliases of <c>compare</c> are refused at validation (each weighs
/// ApiOptions.RecomputeComplexity), the same comparison asked twice is computed once, and the server answers at once
/// after a refused request.
/// </summary>
public sealed class RecomputeGuardTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string Aliases(int n) => string.Join(' ', Enumerable.Range(0, n).Select(i =>
        $"c{i}: compare(a: \"route:sulfide\", b: \"route:oxide\", metric: \"costUsdPerKWh\") {{ trials comparisons {{ year deltaMean }} }}"));

    [Fact]
    public async Task Thirty_aliases_of_compare_are_refused_at_validation_and_the_server_stays_responsive()
    {
        var clock = Stopwatch.StartNew();
        var r = (await api.Client.Post($"query($id: ID!) {{ batch(id: $id) {{ {Aliases(30)} }} }}", new { id = api.BatchId })).AssertWellFormedErrors();
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal(["COMPLEXITY"], r.Codes);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the refusal took {clock.Elapsed}");
        clock.Restart();
        (await api.Client.Post("{ scenarios { id } }")).AssertOk();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the next query took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_same_comparison_asked_by_several_aliases_and_again_is_computed_once()
    {
        var recomputations = api.Factory.Services.GetRequiredService<Recomputations>();
        // A pair no other test asks for, so that this test's count is its own.
        const string pair = "compare(a: \"plant:toyota-idemitsu\", b: \"route:polymer\", metric: \"outputGWh\", years: [2029, 2030]) { trials comparisons { year deltaMean probabilityALessThanB } }";
        long before = recomputations.Computed;
        var first = (await api.Client.Post($"query($id: ID!) {{ batch(id: $id) {{ a: {pair} b: {pair} c: {pair} }} }}", new { id = api.BatchId })).AssertOk();
        var again = (await api.Client.Post($"query($id: ID!) {{ batch(id: $id) {{ d: {pair} }} }}", new { id = api.BatchId })).AssertOk();
        Assert.Equal(1, recomputations.Computed - before);
        string a = first.Data["batch"]!["a"]!.ToJsonString();
        Assert.Equal(a, first.Data["batch"]!["b"]!.ToJsonString());
        Assert.Equal(a, first.Data["batch"]!["c"]!.ToJsonString());
        Assert.Equal(a, again.Data["batch"]!["d"]!.ToJsonString());
    }
}
