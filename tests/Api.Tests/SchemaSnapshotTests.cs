using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace ScenarioGrid.Api.Tests;

/// <summary>
/// The printed schema (SDL) must equal the committed tests/Api.Tests/schema.graphql, so every change of the
/// public contract shows in review. To accept a change on purpose, run the tests with
/// SCENARIOGRID_UPDATE_SCHEMA=1: this test then rewrites the file (and says so); it never does silently.
/// </summary>
[Collection("api")]
public sealed class SchemaSnapshotTests(ApiFixture api)
{
    public const string UpdateVariable = "SCENARIOGRID_UPDATE_SCHEMA";

    [Fact]
    public void The_schema_equals_the_committed_snapshot()
    {
        var schema = api.Factory.Services.GetRequiredService<ISchema>();
        string printed = schema.Print().ReplaceLineEndings("\n").TrimEnd() + "\n";
        string path = Path.Combine(TestPaths.RepoRoot(), "tests", "Api.Tests", "schema.graphql");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, printed);
            Console.WriteLine($"{UpdateVariable}=1: wrote {path}");
            return;
        }
        Assert.True(File.Exists(path), $"{path} is missing: run the tests once with {UpdateVariable}=1 and commit it");
        string committed = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(committed == printed,
            $"the schema changed: compare {path} with the printed SDL below; if the change is intended, run with {UpdateVariable}=1 and commit.\n{printed}");
    }
}
