using Dapper;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence;

/// <summary>
/// Stores scenarios with the files they extend. Its one caller is the scenario catalog grain, the cluster's
/// single writer of scenarios; reads go through <see cref="ScenarioQueries"/>. Thread-safe.
/// </summary>
public sealed class ScenarioStore(ScenarioGridDatabase database)
{
    private const string InsertScenario = """
        INSERT INTO scenarios (sha256, id, name, yaml, file_name, created_at)
        VALUES (@Sha256, @Id, @Name, @Yaml, @FileName, @CreatedAt)
        ON CONFLICT (sha256) DO NOTHING
        """;

    private const string InsertAncestor = """
        INSERT INTO scenario_ancestors (sha256, position, file_name, yaml)
        VALUES (@Sha256, @Position, @FileName, @Yaml)
        """;

    /// <summary>
    /// Stores the scenario and its ancestors in one transaction, on the thread pool (SQLite's driver has no
    /// truly asynchronous I/O, and a grain turn must not block); false when that hash was already stored.
    /// </summary>
    public Task<bool> Save(StoredScenario scenario) => Task.Run(() => SaveNow(scenario));

    internal bool SaveNow(StoredScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentException.ThrowIfNullOrEmpty(scenario.Sha256);
        ArgumentException.ThrowIfNullOrEmpty(scenario.Id);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        int inserted = connection.Execute(InsertScenario, new
        {
            scenario.Sha256, scenario.Id, scenario.Name, scenario.Yaml, scenario.FileName,
            CreatedAt = IsoTime.Format(scenario.CreatedAt),
        }, transaction);
        if (inserted == 0) return false;
        connection.Execute(InsertAncestor, scenario.Ancestors.Select((a, i) => new
        {
            scenario.Sha256, Position = i, a.FileName, a.Yaml,
        }), transaction);
        transaction.Commit();
        return true;
    }
}
