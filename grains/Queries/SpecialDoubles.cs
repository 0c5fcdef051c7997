using System.Data.Common;

namespace ScenarioGrid.Queries;

/// <summary>
/// Keeps the two doubles a REAL column loses: SQLite stores an integral REAL as an integer, so -0.0 comes
/// back as 0.0, and it refuses NaN. A row's <c>special_values</c> mask has, for its k-th nullable REAL
/// column, bit 2k set for -0.0 (stored as 0) and bit 2k+1 for NaN (stored as NULL). Every other double,
/// subnormals and infinities included, round-trips bit for bit in the REAL column itself.
/// </summary>
internal static class SpecialDoubles
{
    /// <summary>The value to bind for column <paramref name="k"/>; records a special value in <paramref name="mask"/>.</summary>
    public static object Bind(double? value, int k, ref long mask)
    {
        if (value is not { } v) return DBNull.Value;
        if (double.IsNaN(v))
        {
            mask |= 2L << (2 * k);
            return DBNull.Value;
        }
        if (v == 0 && double.IsNegative(v)) mask |= 1L << (2 * k);
        return v;
    }

    /// <summary>Reads column <paramref name="k"/> (at <paramref name="ordinal"/>) back, applying <paramref name="mask"/>.</summary>
    public static double? Read(DbDataReader reader, int ordinal, int k, long mask)
    {
        if ((mask & (2L << (2 * k))) != 0) return double.NaN;
        if (reader.IsDBNull(ordinal)) return null;
        return (mask & (1L << (2 * k))) != 0 ? -0.0 : reader.GetDouble(ordinal);
    }

    /// <summary>As <see cref="Read"/>, for a column whose record field is not nullable.</summary>
    public static double ReadRequired(DbDataReader reader, int ordinal, int k, long mask) =>
        Read(reader, ordinal, k, mask)
        ?? throw new InvalidDataException($"column {reader.GetName(ordinal)} is NULL but the result field is not nullable");
}
