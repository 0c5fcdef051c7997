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

/// <summary>A text column that may be null (an empty CSV field, a Parquet null): a strategy comparison's step.</summary>
internal sealed class NullableTextColumn<TRow>(string name, Func<TRow, string?> value) : ExportColumn<TRow>(name)
{
    public override DataField Field { get; } = new DataField<string>(name, true);

    public override string Text(TRow row) => value(row) ?? "";

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, IReadOnlyList<TRow> rows, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync(Field, rows.Select(value).ToArray());
}

/// <summary>
/// A column of an inner row type read through a wrapper row: the same name, field and values, so a set's tables (each
/// row tagged with its member) reuse the single run's columns unchanged.
/// </summary>
internal sealed class InnerColumn<TOuter, TRow>(ExportColumn<TRow> inner, Func<TOuter, TRow> row) : ExportColumn<TOuter>(inner.Name)
{
    public override DataField Field => inner.Field;

    public override string Text(TOuter outer) => inner.Text(row(outer));

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, IReadOnlyList<TOuter> rows, CancellationToken cancellationToken) =>
        inner.WriteAsync(rowGroup, [.. rows.Select(row)], cancellationToken);
}
