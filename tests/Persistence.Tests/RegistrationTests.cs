using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

public sealed class RegistrationTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task AddScenarioGridPersistence_registers_the_writers_and_the_queries_as_singletons_on_one_file()
    {
        var services = new ServiceCollection().AddScenarioGridPersistence(_db.DatabasePath);
        using var provider = services.BuildServiceProvider();

        var database = provider.GetRequiredService<ScenarioGridDatabase>();
        Assert.Equal(_db.DatabasePath, database.Path);
        Assert.Same(provider.GetRequiredService<BatchStore>(), provider.GetRequiredService<BatchStore>());
        Assert.Same(provider.GetRequiredService<BatchQueries>(), provider.GetRequiredService<BatchQueries>());
        Assert.NotNull(provider.GetRequiredService<ResultQueries>());
        Assert.NotNull(provider.GetRequiredService<ScenarioModels>());

        // What the registered writers write, the registered queries read, on the file given.
        Assert.True(await provider.GetRequiredService<ScenarioStore>().Save(TestData.Scenario()));
        Assert.True(await provider.GetRequiredService<BatchStore>().Create(TestData.Batch("b1")));
        Assert.NotNull(provider.GetRequiredService<ScenarioQueries>().Get("sha-1"));
        Assert.Equal(TestData.Batch("b1"), provider.GetRequiredService<BatchQueries>().Get("b1"));
        Assert.Equal(TestData.Batch("b1"), new BatchQueries(_db.Reopen()).Get("b1"));
    }

    [Fact]
    public void AddScenarioGridQueries_refuses_a_blank_path() =>
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddScenarioGridQueries(" "));
}
