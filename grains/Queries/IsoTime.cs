using System.Globalization;

namespace ScenarioGrid.Queries;

/// <summary>
/// Timestamps are stored as ISO-8601 text in UTC ("O" format, e.g. 2025-01-31T12:00:00.0000000+00:00):
/// fixed width, so text order is time order, and every tick survives.
/// </summary>
internal static class IsoTime
{
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? value) => value is { } v ? Format(v) : null;

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static DateTimeOffset? ParseNullable(string? text) => text is null ? null : Parse(text);

    public static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value);
}
