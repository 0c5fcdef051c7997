using System.Data.Common;

namespace ScenarioGrid.Persistence;

/// <summary>
/// Runs a prepared row command once per row. Where the driver has ADO.NET batches (Npgsql; SQLite's driver has
/// none and needs none, its statements run in-process), the rows are queued instead and sent
/// <see cref="RowsPerBatch"/> at a time: one network round trip instead of hundreds, which is most of the cost of
/// saving a result document to a PostgreSQL server. Rows keep their order, so a row may refer to an earlier one.
/// Call <see cref="Flush"/> (or dispose) before anything that must see the rows.
/// </summary>
internal sealed class RowInserter(DbConnection connection, DbTransaction transaction) : IDisposable
{
    private const int RowsPerBatch = 500;

    private readonly DbBatch? _batch = connection.CanCreateBatch ? CreateBatch(connection, transaction) : null;

    /// <summary>Runs (or queues) <paramref name="command"/> with its parameters' current values.</summary>
    public void Execute(DbCommand command)
    {
        if (_batch is null)
        {
            command.ExecuteNonQuery();
            return;
        }
        var row = _batch.CreateBatchCommand();
        row.CommandText = command.CommandText;
        foreach (DbParameter p in command.Parameters)
        {
            var copy = row.CreateParameter();
            copy.ParameterName = p.ParameterName;
            copy.Value = p.Value;
            row.Parameters.Add(copy);
        }
        _batch.BatchCommands.Add(row);
        if (_batch.BatchCommands.Count >= RowsPerBatch) Flush();
    }

    public void Flush()
    {
        if (_batch is not { BatchCommands.Count: > 0 }) return;
        _batch.ExecuteNonQuery();
        _batch.BatchCommands.Clear();
    }

    public void Dispose()
    {
        try { Flush(); }
        finally { _batch?.Dispose(); }
    }

    private static DbBatch CreateBatch(DbConnection connection, DbTransaction transaction)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        return batch;
    }
}
