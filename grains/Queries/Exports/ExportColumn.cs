using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace ScenarioGrid.Queries.Exports;

/// <summary>
/// One typed column of an export table: its name, its CSV text per row and its Parquet field and values.
/// A table is a list of these (<see cref="ResultTableShapes"/>), so CSV and Parquet cannot disagree on the
/// names, the order or the nulls.
/// </summary>
internal abstract class ExportColumn<TRow>(string name)
{
    public string Name => name;

    public abstract DataField Field { get; }

    /// <summary>The CSV field before quoting: invariant culture, doubles round-trip, null as empty.</summary>
    public abstract string Text(TRow row);

    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, IReadOnlyList<TRow> rows, CancellationToken cancellationToken);
}

internal sealed class TextColumn<TRow>(string name, Func<TRow, string> value) : ExportColumn<TRow>(name)
{
    public override DataField Field { get; } = new DataField<string>(name, false);

    public override string Text(TRow row) => value(row);

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, IReadOnlyList<TRow> rows, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync(Field, rows.Select(value).ToArray());
}

/// <summary>A column of a value type that is never null (int, long, double).</summary>
internal sealed class ValueColumn<TRow, T>(string name, Func<TRow, T> value) : ExportColumn<TRow>(name)
    where T : struct, IFormattable
{
    public override DataField Field { get; } = new DataField<T>(name, false);

    public override string Text(TRow row) => Format(value(row));

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, IReadOnlyList<TRow> rows, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<T>(rows.Select(value).ToArray()), cancellationToken: cancellationToken);

    // "R": the shortest text that parses back to the same double, bit for bit.
    internal static string Format(T v) => v.ToString(typeof(T) == typeof(double) ? "R" : null, CultureInfo.InvariantCulture);
}

/// <summary>A nullable column: an empty CSV field and a Parquet null where the value is null.</summary>
internal sealed class NullableColumn<TRow, T>(string name, Func<TRow, T?> value) : ExportColumn<TRow>(name)
    where T : struct, IFormattable
{
    public override DataField Field { get; } = new DataField<T?>(name, true);

    public override string Text(TRow row) => value(row) is { } v ? ValueColumn<TRow, T>.Format(v) : "";

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, IReadOnlyList<TRow> rows, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<T?>(rows.Select(value).ToArray()), cancellationToken: cancellationToken);
}
