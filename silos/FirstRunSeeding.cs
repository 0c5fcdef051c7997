namespace ScenarioGrid.Silo;

/// <summary>
/// Whether the first run's store of the shipped scenarios (<see cref="ScenarioSeeder"/>) has ended. The seeder runs
/// once the silo is up, which is after the HTTP server of an API host already accepts requests: the API's GraphQL
/// endpoint waits on <see cref="Done"/> so that its first query sees the scenarios. Done at once where nothing is seeded.
/// </summary>
public sealed class FirstRunSeeding(bool done)
{
    private readonly TaskCompletionSource _done = NewSource(done);

    /// <summary>Completes when the seeder has stored the scenarios, failed, or there is nothing to seed.</summary>
    public Task Done => _done.Task;

    internal void Complete() => _done.TrySetResult();

    private static TaskCompletionSource NewSource(bool done)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (done) source.SetResult();
        return source;
    }
}
