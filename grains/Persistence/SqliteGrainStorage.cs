using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Orleans.Runtime;
using Orleans.Storage;

namespace ScenarioGrid.Persistence;

/// <summary>
/// Orleans grain storage in the <c>grain_state</c> table: the state as System.Text.Json text, guarded by an
/// etag. A write or clear whose <see cref="IGrainState{T}.ETag"/> is not the stored one (null: no row) throws
/// <see cref="InconsistentStateException"/>, so two activations of one grain cannot overwrite each other.
/// </summary>
/// <remarks>
/// The state type must round-trip through System.Text.Json (public properties with setters, or a
/// constructor whose parameters match them); enums are written as names. Thread-safe.
/// </remarks>
public sealed class SqliteGrainStorage(ScenarioGridDatabase database, JsonSerializerOptions? jsonOptions = null) : IGrainStorage
{
    private const string SelectEtag = "SELECT etag FROM grain_state WHERE state_name = @StateName AND grain_id = @GrainId";

    private const string SelectState = "SELECT etag, data FROM grain_state WHERE state_name = @StateName AND grain_id = @GrainId";

    private const string Upsert = """
        INSERT INTO grain_state (state_name, grain_id, etag, data, updated_at)
        VALUES (@StateName, @GrainId, @Etag, @Data, @UpdatedAt)
        ON CONFLICT (state_name, grain_id) DO UPDATE SET
            etag = excluded.etag, data = excluded.data, updated_at = excluded.updated_at
        """;

    private const string Delete = "DELETE FROM grain_state WHERE state_name = @StateName AND grain_id = @GrainId";

    private readonly JsonSerializerOptions _json = jsonOptions ?? new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } };

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <summary>Loads the state; when there is none, leaves <c>State</c> as it is and sets ETag null, RecordExists false.</summary>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        var rows = await connection.QueryAsync<(string Etag, string Data)>(
            new CommandDefinition(SelectState, Key(stateName, grainId), cancellationToken: cancellationToken));
        if (rows.FirstOrDefault() is { Etag: not null } row)
        {
            grainState.State = JsonSerializer.Deserialize<T>(row.Data, _json)!;
            grainState.ETag = row.Etag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    /// <summary>Stores the state under a new etag, if the stored etag is the one the grain last saw.</summary>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        string data = JsonSerializer.Serialize(grainState.State, _json);
        string etag = Guid.NewGuid().ToString("N");
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(); // BEGIN IMMEDIATE: check and write under one lock
        await CheckEtag(connection, transaction, stateName, grainId, grainState.ETag, "write", cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Upsert, new
        {
            StateName = stateName, GrainId = grainId.ToString(), Etag = etag, Data = data,
            UpdatedAt = IsoTime.Format(DateTimeOffset.UtcNow),
        }, transaction, cancellationToken: cancellationToken));
        transaction.Commit();
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    /// <summary>Deletes the state, if the stored etag is the one the grain last saw.</summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        await CheckEtag(connection, transaction, stateName, grainId, grainState.ETag, "clear", cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Delete, Key(stateName, grainId), transaction, cancellationToken: cancellationToken));
        transaction.Commit();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static async Task CheckEtag(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction,
        string stateName, GrainId grainId, string? expected, string operation, CancellationToken cancellationToken)
    {
        string? stored = await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(SelectEtag, Key(stateName, grainId), transaction, cancellationToken: cancellationToken));
        if (stored != expected)
            throw new InconsistentStateException(
                $"cannot {operation} state '{stateName}' of grain {grainId}: stored etag {stored ?? "(none)"}, grain has {expected ?? "(none)"}",
                stored ?? "", expected ?? "");
    }

    private static object Key(string stateName, GrainId grainId) => new { StateName = stateName, GrainId = grainId.ToString() };
}
