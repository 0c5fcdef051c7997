using System.Buffers.Text;
using System.Text;

namespace ScenarioGrid.Queries;

/// <summary>
/// The position after a batch in newest-first order: its created_at (as stored) and id, which together are
/// unique, so paging is stable while batches are added. Encoded as base64url, opaque to clients.
/// </summary>
internal readonly record struct BatchCursor(string CreatedAt, string Id)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{CreatedAt}\n{Id}"));

    public static BatchCursor Decode(string cursor)
    {
        try
        {
            string text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            int newline = text.IndexOf('\n');
            if (newline > 0 && IsoTime.TryParse(text[..newline], out _))
                return new BatchCursor(text[..newline], text[(newline + 1)..]);
        }
        catch (FormatException)
        {
        }
        throw new ArgumentException($"'{cursor}' is not a cursor returned by this API", nameof(cursor));
    }
}
