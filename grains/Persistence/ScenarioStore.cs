using Dapper;

namespace ScenarioGrid.Persistence;

/// <summary>Submitted scenarios and the files they extend. Thread-safe; one connection per call.</summary>
public sealed class ScenarioStore(ScenarioGridDatabase database)
{
    private const string Columns = "sha256, id, name, yaml, file_name AS FileName, created_at AS CreatedAt";

    private const string InsertScenario = """
        INSERT INTO scenarios (sha256, id, name, yaml, file_name, created_at)
        VALUES (@Sha256, @Id, @Name, @Yaml, @FileName, @CreatedAt)
        ON CONFLICT (sha256) DO NOTHING
        """;

    private const string InsertAncestor = """
        INSERT INTO scenario_ancestors (sha256, position, file_name, yaml)
        VALUES (@Sha256, @Position, @FileName, @Yaml)
        """;

    private const string SelectBySha = $"SELECT {Columns} FROM scenarios WHERE sha256 = @Sha256";

    private const string SelectLatestById = $"""
        SELECT {Columns} FROM scenarios WHERE id = @Id
        ORDER BY created_at DESC, sha256 DESC LIMIT 1
        """;

    private const string Latest = """
        WITH ranked AS (
            SELECT *, row_number() OVER (PARTITION BY id ORDER BY created_at DESC, sha256 DESC) AS rank
            FROM scenarios)
        """;

    private const string SelectLatestPerId = $"{Latest} SELECT {Columns} FROM ranked WHERE rank = 1 ORDER BY id";

    private const string SelectAncestors = """
        SELECT sha256, file_name AS FileName, yaml FROM scenario_ancestors
        WHERE sha256 = @Sha256 ORDER BY position
        """;

    private const string SelectAncestorsOfLatest = $"""
        {Latest}
        SELECT a.sha256, a.file_name AS FileName, a.yaml
        FROM scenario_ancestors a JOIN ranked r ON r.sha256 = a.sha256 AND r.rank = 1
        ORDER BY a.sha256, a.position
        """;

    /// <summary>Stores the scenario and its ancestors in one transaction; false when that hash was already stored.</summary>
    public bool Save(StoredScenario scenario)
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

    /// <summary>The scenario with this hash, or null.</summary>
    public StoredScenario? Get(string sha256)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var row = connection.QuerySingleOrDefault<ScenarioRow>(SelectBySha, new { Sha256 = sha256 }, transaction);
        return row is null ? null : row.ToScenario(Ancestors(connection, transaction, row.Sha256));
    }

    /// <summary>The newest stored version (by <see cref="StoredScenario.CreatedAt"/>) of the scenario with this id, or null.</summary>
    public StoredScenario? GetLatest(string id)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var row = connection.QuerySingleOrDefault<ScenarioRow>(SelectLatestById, new { Id = id }, transaction);
        return row is null ? null : row.ToScenario(Ancestors(connection, transaction, row.Sha256));
    }

    /// <summary>The newest version of every scenario id, ordered by id.</summary>
    public IReadOnlyList<StoredScenario> List()
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var rows = connection.Query<ScenarioRow>(SelectLatestPerId, transaction: transaction);
        var ancestors = connection.Query<AncestorRow>(SelectAncestorsOfLatest, transaction: transaction)
            .GroupBy(a => a.Sha256)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ScenarioSource>)[.. g.Select(a => new ScenarioSource(a.FileName, a.Yaml))]);
        return [.. rows.Select(r => r.ToScenario(ancestors.GetValueOrDefault(r.Sha256) ?? []))];
    }

    private static IReadOnlyList<ScenarioSource> Ancestors(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, string sha256) =>
        [.. connection.Query<AncestorRow>(SelectAncestors, new { Sha256 = sha256 }, transaction)
            .Select(a => new ScenarioSource(a.FileName, a.Yaml))];
}
