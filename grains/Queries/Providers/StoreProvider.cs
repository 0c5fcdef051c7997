using System.Data.Common;

namespace ScenarioGrid.Queries.Providers;

/// <summary>
/// Everything that differs between the two engines, in one place: opening connections, checking and migrating the
/// schema, read snapshots, and the few SQL fragments that neither engine shares with the other. Every query and
/// write elsewhere is plain SQL both accept (<c>INSERT … ON CONFLICT … DO UPDATE/NOTHING</c>, <c>LIMIT</c>,
/// <c>row_number() OVER</c>, <c>CAST(… AS BIGINT)</c>), run through Dapper or ADO.NET's common types.
/// </summary>
internal abstract class StoreProvider
{
    /// <summary>Where the store is, safe to log (a file path, or server and database without the password).</summary>
    public abstract string Description { get; }

    /// <summary>Creates, checks and migrates the schema to <see cref="Schema.Version"/>; safe when several processes start at once.</summary>
    /// <exception cref="DatabaseException">The store cannot be used.</exception>
    public abstract void Initialize();

    /// <summary>A new open connection for one operation.</summary>
    /// <exception cref="DatabaseException">The store is gone or unreachable.</exception>
    public abstract DbConnection Open();

    /// <summary>As <see cref="Open"/>, on a connection that refuses every write.</summary>
    public abstract DbConnection OpenForReading();

    /// <summary>A read transaction whose statements all see one snapshot.</summary>
    public abstract DbTransaction BeginSnapshot(DbConnection connection);

    /// <summary>Readies a command that is executed many times with new parameter values (thousands of result rows).</summary>
    public abstract void PrepareForReuse(DbCommand command);

    /// <summary>
    /// A condition "<paramref name="column"/> is one of the integers of the JSON array text in
    /// <paramref name="parameter"/>" (SQLite's <c>json_each</c>, PostgreSQL's <c>json_array_elements_text</c>).
    /// </summary>
    public abstract string InJsonIntegers(string column, string parameter);

    /// <summary>
    /// As <see cref="InJsonIntegers"/>, for strings. (Dapper's <c>IN @list</c> expansion is not portable: with Npgsql
    /// Dapper binds the list as one array parameter, which only <c>= ANY(@list)</c> accepts.)
    /// </summary>
    public abstract string InJsonTexts(string column, string parameter);
}
