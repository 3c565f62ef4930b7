using System.Buffers.Binary;
using System.IO.Compression;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// How a kept report is stored: cut into slices, each deflated on its own (on every core, and
/// inflated the same way), behind a header of the slices' lengths. A 30,000-brand document is
/// ~100 MB of JSON and ~25 MB packed: writing 100 MB into the store (its journal, then the file)
/// cost more than packing it. A body without the header is an older snapshot kept as it was made.
/// </summary>
internal static class SnapshotPacking
{
    // "ESZ" and a format version: a JSON document starts with '{', never with these bytes.
    private static readonly byte[] Magic = "ESZ\u0001"u8.ToArray();

    internal const int SliceSize = 4 << 20;

    /// <summary>The body packed: the magic, the slice count, each slice's (raw, packed) length, the slices.</summary>
    public static byte[] Pack(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Pack(new ReadOnlyMemory<byte>[] { body });
    }

    /// <summary>
    /// The body given as consecutive segments, packed in the slices of the same bytes in one array
    /// (a slice may span segments), so the body is never gathered in one array only to be packed.
    /// </summary>
    public static byte[] Pack(IReadOnlyList<ReadOnlyMemory<byte>> body) => ByteSegments.Gather(PackSegments(body));

    /// <summary>
    /// The same packed bytes as <see cref="Pack(IReadOnlyList{ReadOnlyMemory{byte}})"/>, left as the
    /// header and the slices as they were deflated: at 30,000 brands gathering them (25 MB) was one
    /// copy of several between the deflate and SQLite's pages, each in fresh memory (bench/RESULTS.md,
    /// issue 16 eighth pass). <see cref="ReportSnapshotStore"/> writes them into the stored blob in place.
    /// </summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> PackSegments(IReadOnlyList<ReadOnlyMemory<byte>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var starts = new long[body.Count + 1];
        for (var i = 0; i < body.Count; i++)
        {
            starts[i + 1] = starts[i] + body[i].Length;
        }

        var length = starts[^1];
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(body), length, "a body is at most one array's length");
        }

        var count = (int)((length + SliceSize - 1) / SliceSize);
        var packed = new ReadOnlyMemory<byte>[count + 1];
        Parallel.For(0, count, i =>
        {
            long from = (long)i * SliceSize, to = Math.Min(from + SliceSize, length);
            // Sized for a document's ratio (~1:4), so the buffer does not grow; kept as it is, not copied.
            var output = new MemoryStream((int)((to - from) / 3) + 64);
            using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                // The segments this slice covers, from the last one starting at or before it.
                var segment = Array.BinarySearch(starts, from);
                for (segment = segment >= 0 ? segment : ~segment - 1; segment < body.Count && starts[segment] < to; segment++)
                {
                    long start = Math.Max(from, starts[segment]), end = Math.Min(to, starts[segment + 1]);
                    deflate.Write(body[segment].Span[(int)(start - starts[segment])..(int)(end - starts[segment])]);
                }
            }

            packed[i + 1] = output.GetBuffer().AsMemory(0, (int)output.Length);
        });

        var header = new byte[Magic.Length + 4 + (count * 8)];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(Magic.Length), count);
        for (var i = 0; i < count; i++)
        {
            var entry = header.AsSpan(Magic.Length + 4 + (i * 8));
            BinaryPrimitives.WriteInt32LittleEndian(entry, (int)Math.Min(SliceSize, length - ((long)i * SliceSize)));
            BinaryPrimitives.WriteInt32LittleEndian(entry[4..], packed[i + 1].Length);
        }

        packed[0] = header;
        return packed;
    }

    /// <summary>The body back; a body without the header as it is; null for a damaged one (the report is made again).</summary>
    public static byte[]? Unpack(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.AsSpan().StartsWith(Magic))
        {
            return stored;
        }

        var slices = Slices(stored);
        if (slices is null)
        {
            return null;
        }

        var body = new byte[slices.Sum(s => (long)s.Raw)];
        var whole = 0;
        Parallel.For(0, slices.Count, i =>
        {
            var (raw, packedAt, packedLength, bodyAt) = slices[i];
            using var deflate = new DeflateStream(new MemoryStream(stored, packedAt, packedLength, writable: false), CompressionMode.Decompress);
            try
            {
                // One byte more than the slice holds: a slice that inflates to more is damaged too.
                var target = body.AsSpan(bodyAt, raw);
                var read = deflate.ReadAtLeast(target, raw, throwOnEndOfStream: false);
                if (read == raw && deflate.Read(stackalloc byte[1]) == 0)
                {
                    Interlocked.Increment(ref whole);
                }
            }
            catch (InvalidDataException)
            {
                // Counted as not whole.
            }
        });

        return whole == slices.Count ? body : null;
    }

    // Each slice's raw length, where its packed bytes are and where it goes in the body; null when the header does not add up.
    private static List<(int Raw, int PackedAt, int PackedLength, int BodyAt)>? Slices(byte[] stored)
    {
        var span = stored.AsSpan(Magic.Length);
        if (span.Length < 4)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(span);
        if (count < 0 || (long)count * 8 > span.Length - 4)
        {
            return null;
        }

        var slices = new List<(int, int, int, int)>(count);
        long packedAt = Magic.Length + 4 + (count * 8L), bodyAt = 0;
        for (var i = 0; i < count; i++)
        {
            var raw = BinaryPrimitives.ReadInt32LittleEndian(span[(4 + (i * 8))..]);
            var packed = BinaryPrimitives.ReadInt32LittleEndian(span[(8 + (i * 8))..]);
            if (raw < 0 || raw > SliceSize || packed < 0 || packedAt + packed > stored.Length || bodyAt + raw > Array.MaxLength)
            {
                return null;
            }

            slices.Add((raw, (int)packedAt, packed, (int)bodyAt));
            packedAt += packed;
            bodyAt += raw;
        }

        return packedAt == stored.Length ? slices : null;
    }
}
