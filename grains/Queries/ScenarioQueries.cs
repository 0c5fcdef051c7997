using System.Text.Json;
using System.Data;
using Dapper;
using ScenarioGrid.Grains;

namespace ScenarioGrid.Queries;

/// <summary>Reads stored scenarios with the files they extend. Thread-safe; one connection per call.</summary>
public sealed class ScenarioQueries(ScenarioGridDatabase database)
{
    internal const string Columns = "sha256, id, name, yaml, file_name AS FileName, created_at AS CreatedAt";

    private const string SelectBySha = $"SELECT {Columns} FROM scenarios WHERE sha256 = @Sha256";

    private readonly string SelectByShas = $"SELECT {Columns} FROM scenarios WHERE {database.InJsonTexts("sha256", "@Sha256s")}";

    private readonly string SelectAncestorsOfShas = $"""
        SELECT sha256, file_name AS FileName, yaml FROM scenario_ancestors
        WHERE {database.InJsonTexts("sha256", "@Sha256s")} ORDER BY sha256, position
        """;

    private const string SelectLatestById = $"""
        SELECT {Columns} FROM scenarios WHERE id = @Id
        ORDER BY created_at DESC, sha256 DESC LIMIT 1
        """;

    private const string RankedById = """
        WITH ranked AS (
            SELECT *, row_number() OVER (PARTITION BY id ORDER BY created_at DESC, sha256 DESC) AS rank
            FROM scenarios)
        """;

    private const string SelectLatestPerId = $"{RankedById} SELECT {Columns} FROM ranked WHERE rank = 1 ORDER BY id";

    private const string SelectAncestors = """
        SELECT sha256, file_name AS FileName, yaml FROM scenario_ancestors
        WHERE sha256 = @Sha256 ORDER BY position
        """;

    private const string SelectAncestorsOfLatest = $"""
        {RankedById}
        SELECT a.sha256, a.file_name AS FileName, a.yaml
        FROM scenario_ancestors a JOIN ranked r ON r.sha256 = a.sha256 AND r.rank = 1
        ORDER BY a.sha256, a.position
        """;

    /// <summary>Whether any scenario is stored (without reading them).</summary>
    public bool Any()
    {
        using var connection = database.OpenForReading();
        return connection.ExecuteScalar<long>("SELECT EXISTS (SELECT 1 FROM scenarios)") == 1;
    }

    /// <summary>The scenario with this hash, or null.</summary>
    public StoredScenario? Get(string sha256)
    {
        using var connection = database.OpenForReading();
        using var transaction = database.BeginSnapshot(connection);
        var row = connection.QuerySingleOrDefault<ScenarioRow>(SelectBySha, new { Sha256 = sha256 }, transaction);
        return row?.ToScenario(Ancestors(connection, transaction, row.Sha256));
    }

    /// <summary>The stored scenarios among <paramref name="sha256s"/>, by hash, in one snapshot.</summary>
    public IReadOnlyDictionary<string, StoredScenario> Get(IReadOnlyCollection<string> sha256s)
    {
        if (sha256s.Count == 0) return new Dictionary<string, StoredScenario>();
        using var connection = database.OpenForReading();
        using var transaction = database.BeginSnapshot(connection);
        var rows = connection.Query<ScenarioRow>(SelectByShas, new { Sha256s = JsonSerializer.Serialize(sha256s) }, transaction).ToList();
        var ancestors = GroupAncestors(connection.Query<AncestorRow>(SelectAncestorsOfShas, new { Sha256s = JsonSerializer.Serialize(sha256s) }, transaction));
        return rows.ToDictionary(r => r.Sha256, r => r.ToScenario(ancestors.GetValueOrDefault(r.Sha256) ?? []));
    }

    /// <summary>The newest stored version (by <see cref="StoredScenario.CreatedAt"/>) of the scenario with this id, or null.</summary>
    public StoredScenario? Latest(string id)
    {
        using var connection = database.OpenForReading();
        using var transaction = database.BeginSnapshot(connection);
        var row = connection.QuerySingleOrDefault<ScenarioRow>(SelectLatestById, new { Id = id }, transaction);
        return row?.ToScenario(Ancestors(connection, transaction, row.Sha256));
    }

    /// <summary>The newest version of every scenario id, ordered by id.</summary>
    public IReadOnlyList<StoredScenario> List()
    {
        using var connection = database.OpenForReading();
        using var transaction = database.BeginSnapshot(connection);
        var rows = connection.Query<ScenarioRow>(SelectLatestPerId, transaction: transaction);
        var ancestors = GroupAncestors(connection.Query<AncestorRow>(SelectAncestorsOfLatest, transaction: transaction));
        return [.. rows.Select(r => r.ToScenario(ancestors.GetValueOrDefault(r.Sha256) ?? []))];
    }

    private static Dictionary<string, IReadOnlyList<ScenarioFile>> GroupAncestors(IEnumerable<AncestorRow> rows) =>
        rows.GroupBy(a => a.Sha256)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ScenarioFile>)[.. g.Select(a => new ScenarioFile(a.FileName, a.Yaml))]);

    private static IReadOnlyList<ScenarioFile> Ancestors(IDbConnection connection, IDbTransaction transaction, string sha256) =>
        [.. connection.Query<AncestorRow>(SelectAncestors, new { Sha256 = sha256 }, transaction)
            .Select(a => new ScenarioFile(a.FileName, a.Yaml))];
}
