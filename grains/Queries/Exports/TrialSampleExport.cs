using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using ScenarioGrid.Engine.Analysis;

namespace ScenarioGrid.Queries.Exports;

/// <summary>
/// Streams <see cref="TrialSamples"/> as CSV or Parquet: columns <c>trial</c>, then each sampled
/// <c>entity/metric/year</c> (null where undefined in that trial), then the drawn inputs by parameter path.
/// Memory stays bounded: CSV goes out chunk by chunk, Parquet one row group of at most
/// <see cref="RowGroupRows"/> rows at a time.
/// </summary>
public static class TrialSampleExport
{
    public const long MaxRows = 1_000_000;
    public const int RowGroupRows = 65_536;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task WriteCsvAsync(TrialSamples samples, long from, long to, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Csv.Line(["trial", .. samples.Columns.Select(c => c.Name), .. samples.InputNames]));
        var text = new StringBuilder();
        foreach (var block in samples.Run(from, to, cancellationToken))
        {
            text.Clear();
            for (int k = 0; k < block.Count; k++)
            {
                text.Append((block.FirstTrial + k).ToString(CultureInfo.InvariantCulture));
                foreach (var column in block.Values) Append(text, column[k]);
                for (int i = 0; i < samples.InputNames.Count; i++) Append(text, block.Inputs[i][k]);
                text.Append("\r\n");
            }
            await writer.WriteAsync(text, cancellationToken);
            await writer.FlushAsync(cancellationToken); // a chunk at a time reaches the client, not the whole range at the end
        }
    }

    public static async Task WriteParquetAsync(TrialSamples samples, long from, long to, Stream output, CancellationToken cancellationToken = default)
    {
        var trialField = new DataField<long>("trial", false);
        var valueFields = samples.Columns.Select(c => new DataField<double?>(c.Name, true)).ToArray();
        var inputFields = samples.InputNames.Select(n => new DataField<double>(n, false)).ToArray();
        var schema = new ParquetSchema([trialField, .. valueFields, .. inputFields]);

        int capacity = (int)Math.Min(RowGroupRows, Math.Max(1, to - from));
        var trials = new long[capacity];
        var values = valueFields.Select(_ => new double?[capacity]).ToArray();
        var inputs = inputFields.Select(_ => new double[capacity]).ToArray();
        int rows = 0;

        await using var target = new PositionStream(output);
        var writer = await ParquetWriter.CreateAsync(schema, target, cancellationToken: cancellationToken);
        async Task FlushRowGroup()
        {
            using (var rowGroup = writer.CreateRowGroup())
            {
                await rowGroup.WriteAsync(trialField, new ReadOnlyMemory<long>(trials, 0, rows), cancellationToken: cancellationToken);
                for (int c = 0; c < valueFields.Length; c++)
                    await rowGroup.WriteAsync(valueFields[c], new ReadOnlyMemory<double?>(values[c], 0, rows), cancellationToken: cancellationToken);
                for (int i = 0; i < inputFields.Length; i++)
                    await rowGroup.WriteAsync(inputFields[i], new ReadOnlyMemory<double>(inputs[i], 0, rows), cancellationToken: cancellationToken);
            }
            await target.FlushAsync(cancellationToken);
            rows = 0;
        }

        foreach (var block in samples.Run(from, to, cancellationToken))
        {
            for (int k = 0; k < block.Count; k++)
            {
                trials[rows] = block.FirstTrial + k;
                for (int c = 0; c < values.Length; c++) values[c][rows] = double.IsNaN(block.Values[c][k]) ? null : block.Values[c][k];
                for (int i = 0; i < inputs.Length; i++) inputs[i][rows] = block.Inputs[i][k];
                if (++rows == capacity) await FlushRowGroup();
            }
        }
        if (rows > 0) await FlushRowGroup();
        await writer.DisposeAsync(); // writes the footer
        await target.FlushAsync(cancellationToken);
    }

    private static void Append(StringBuilder line, double value)
    {
        line.Append(',');
        if (double.IsNaN(value)) return;
        Span<char> text = stackalloc char[32]; // "R" needs at most 24 ("-2.2250738585072014E-308")
        if (value.TryFormat(text, out int length, "R", CultureInfo.InvariantCulture)) line.Append(text[..length]);
        else line.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// A forward-only stream (an HTTP response body) that knows how many bytes went through it: the Parquet
/// writer asks for the position to record row-group offsets but never seeks back. Synchronous writes and
/// flushes (the writer's, on dispose) are held and sent by the next asynchronous call, because a response body
/// refuses synchronous I/O.
/// </summary>
internal sealed class PositionStream(Stream inner) : Stream
{
    private readonly MemoryStream _pending = new();
    private long _position;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _position;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _pending.Write(buffer, offset, count);
        _position += count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await SendPending(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
        _position += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendPending(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    private async Task SendPending(CancellationToken cancellationToken)
    {
        if (_pending.Length == 0) return;
        await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
        _pending.SetLength(0);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _pending.Dispose();
        base.Dispose(disposing);
    }
}
