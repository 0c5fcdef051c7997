using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>Compiled models of stored scenarios: rebuilt from the stored texts alone, checked against their hash, cached.</summary>
public sealed class ScenarioModelsTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static string ScenarioFile(string name) => Path.Combine(AppContext.BaseDirectory, "scenarios", name);

    [Fact]
    public async Task A_stored_scenario_that_extends_another_compiles_from_the_stored_texts_once()
    {
        var loaded = ScenarioLoader.LoadFile(ScenarioFile("dry-room-shock.yaml"));
        var stored = StoredScenario.From(loaded, TestData.T0);
        Assert.Equal(["baseline.yaml"], stored.Ancestors.Select(a => a.FileName));
        Assert.True(await new ScenarioStore(_db.Database).Save(stored));

        var models = new ScenarioModels(new ScenarioQueries(_db.Reopen()));
        var model = models.Get(loaded.Sha256);
        Assert.Same(model, models.Get(loaded.Sha256));
        Assert.NotSame(model, new ScenarioModels(new ScenarioQueries(_db.Database)).Get(loaded.Sha256)); // a cache per instance
    }

    [Fact]
    public async Task A_stored_text_that_does_not_hash_to_its_key_is_refused()
    {
        var loaded = ScenarioLoader.LoadFile(ScenarioFile("baseline.yaml"));
        const string WrongSha = "0000000000000000000000000000000000000000000000000000000000000000";
        Assert.NotEqual(WrongSha, loaded.Sha256);
        await new ScenarioStore(_db.Database).Save(StoredScenario.From(loaded, TestData.T0) with { Sha256 = WrongSha });

        var e = Assert.Throws<InvalidDataException>(() => new ScenarioModels(new ScenarioQueries(_db.Database)).Get(WrongSha));
        Assert.Contains(loaded.Sha256, e.Message);
    }

    [Fact]
    public void An_unknown_hash_is_a_KeyNotFoundException() =>
        Assert.Throws<KeyNotFoundException>(() => new ScenarioModels(new ScenarioQueries(_db.Database)).Get("sha-unknown"));
}
