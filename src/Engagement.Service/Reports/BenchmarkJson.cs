using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Engagement.Data.Store.Aggregates;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// The benchmark document as UTF-8 JSON, byte for byte what <see cref="ReportJson.Serialize{T}"/>
/// prints, written with a <see cref="Utf8JsonWriter"/> straight from the scored records: at
/// 30,000 brands the document is ~100 MB, and the serializer's walk over 90,000 accounts cost
/// most of a second of the cold document. The two long arrays (accounts, brands) are written in
/// chunks on every core and spliced into the frame in order.
/// </summary>
public static class BenchmarkJson
{
    // The pieces' chunks: a 30,000-brand document is ~100 of them.
    private const int ChunkSize = 1 << 20;

    // Enough chunks to keep every core busy to the end; each chunk has its own writer and buffer.
    private static readonly int Chunks = Environment.ProcessorCount * 4;

    // Indented as ReportJson.Options (the serializer's default encoder and new line), unchecked:
    // the structure is this file's, and the tests compare the bytes with the serializer's.
    private static readonly JsonWriterOptions Options = new() { Indented = true, SkipValidation = true };

    // What closes a non-empty array at depth 1 ("\n  ]" on Linux): the items are at depth 2.
    private static readonly byte[] ArrayEnd = Encoding.UTF8.GetBytes(Environment.NewLine + "  ]");

    private static readonly byte[] Comma = ","u8.ToArray();


    /// <summary>The document as the reference JSON shape (methodology.md §12), indented, in one array.</summary>
    public static byte[] Serialize(BenchmarkDocument document) => ToArray(Segments(document));

    /// <summary>
    /// The same bytes as <see cref="Serialize"/>, left in the pieces they were written in: at 30,000
    /// brands, gathering 100 MB into one array touched as much fresh memory again, and its pages
    /// cost more than the copy (bench/RESULTS.md, fifth pass).
    /// </summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Segments(BenchmarkDocument document) => Write(document, pack: false).Segments;

    /// <summary>
    /// The document's segments and, when <paramref name="pack"/>, the same bytes packed for the store
    /// in runs (<see cref="SnapshotPacking.PackRun"/>): each piece is packed by the thread that wrote
    /// it as soon as it is written, so the deflate runs inside the JSON phase on every core instead
    /// of after it (bench/RESULTS.md, fifth pass, continued (3)).
    /// </summary>
    public static WrittenJson Write(BenchmarkDocument document, bool pack) => Write(document, ChunkSize, pack);

    /// <summary><see cref="Segments(BenchmarkDocument)"/> with the pieces' chunks of <paramref name="chunkSize"/> bytes.</summary>
    internal static IReadOnlyList<ReadOnlyMemory<byte>> Segments(BenchmarkDocument document, int chunkSize) => Write(document, chunkSize, pack: false).Segments;

    /// <summary><see cref="Write(BenchmarkDocument, bool)"/> with the pieces' chunks of <paramref name="chunkSize"/> bytes.</summary>
    internal static WrittenJson Write(BenchmarkDocument document, int chunkSize, bool pack)
    {
        ArgumentNullException.ThrowIfNull(document);
        var accounts = Pieces(document.Accounts, BenchmarkRecordsJson.Write, chunkSize, pack);
        var brands = Pieces(document.Brands, BenchmarkRecordsJson.Write, chunkSize, pack);

        // The frame with both arrays empty: where each "[]" stands, its items go before the ']'.
        var frame = new ArrayBufferWriter<byte>(4096);
        int accountsEnd, brandsEnd;
        using (var writer = new Utf8JsonWriter(frame, Options))
        {
            writer.WriteStartObject();
            writer.WriteString(Names.Spec, document.Spec);
            BenchmarkRecordsJson.WriteWindow(writer, Names.Window, document.Window);
            writer.WriteString(Names.Benchmark, document.Benchmark);
            accountsEnd = EmptyArray(writer, frame, Names.Accounts);
            brandsEnd = EmptyArray(writer, frame, Names.Brands);
            writer.WriteStartArray(Names.Distribution);
            foreach (var row in document.Distribution)
            {
                BenchmarkRecordsJson.Write(writer, row);
            }

            writer.WriteEndArray();
            if (document.Comparison is { } comparison)
            {
                writer.WriteStartArray(Names.Comparison);
                foreach (var share in comparison)
                {
                    BenchmarkRecordsJson.Write(writer, share);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        var json = frame.WrittenMemory;
        var output = new Spliced(accounts.Sum(p => p.Segments.Count) + brands.Sum(p => p.Segments.Count) + 40, pack);
        Splice(output, json[..accountsEnd], accounts);
        Splice(output, json[accountsEnd..brandsEnd], brands);
        output.Add(json[brandsEnd..]);
        return output.Finish();
    }

    /// <summary>The segments in one array (a single whole array as it is: a kept document is not copied).</summary>
    public static byte[] ToArray(IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments is [var one] && MemoryMarshal.TryGetArray(one, out var whole) && whole is { Offset: 0, Array: { } array } && array.Length == one.Length)
        {
            return array;
        }

        var output = new byte[segments.Sum(segment => (long)segment.Length)];
        var at = 0;
        foreach (var segment in segments)
        {
            segment.Span.CopyTo(output.AsSpan(at));
            at += segment.Length;
        }

        return output;
    }

    /// <summary>Writes the JSON and a new line: as bytes to the process's standard output, else as text.</summary>
    public static void WriteLine(TextWriter output, IReadOnlyList<ReadOnlyMemory<byte>> json)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(json);
        if (ReferenceEquals(output, Console.Out))
        {
            // Console.Out would re-encode 100 MB of UTF-8 from UTF-16 for nothing.
            Console.Out.Flush();
            using var stdout = Console.OpenStandardOutput();
            foreach (var segment in json)
            {
                stdout.Write(segment.Span);
            }

            stdout.Write("\n"u8);
            return;
        }

        // Decoded whole: a character may straddle two segments.
        output.Write(Encoding.UTF8.GetString(ToArray(json)));
        output.WriteLine();
    }

    // Writes "name": [] and returns the frame's length after it (its last byte is the ']').
    private static int EmptyArray(Utf8JsonWriter writer, ArrayBufferWriter<byte> frame, JsonEncodedText name)
    {
        writer.WriteStartArray(name);
        writer.WriteEndArray();
        writer.Flush();
        return frame.WrittenCount;
    }

    // Adds `part` (which ends in an empty array's ']') with the pieces between its brackets.
    private static void Splice(Spliced output, ReadOnlyMemory<byte> part, Piece[] pieces)
    {
        if (pieces.Length == 0)
        {
            output.Add(part);
            return;
        }

        output.Add(part[..^1]);
        for (var i = 0; i < pieces.Length; i++)
        {
            // Every piece starts with its first item's new line and indent; the writer puts a
            // comma between items, and between two pieces there is none yet.
            if (i > 0)
            {
                output.Add(Comma);
            }

            output.Add(pieces[i]);
        }

        output.Add(ArrayEnd);
    }

    // The items in chunks written on every core, each chunk by a writer standing where the
    // document's array stands (an array in an object: items at depth 2), so that its bytes are
    // the document's: what the writer wrote between the array's '[' and its end.
    private static Piece[] Pieces<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write, int chunkSize, bool pack)
    {
        var parts = Math.Min(Chunks, items.Count);
        var pieces = new Piece[parts];
        Parallel.For(0, parts, part =>
        {
            int start = (int)((long)items.Count * part / parts), end = (int)((long)items.Count * (part + 1) / parts);
            var buffer = new ChunkedBufferWriter(chunkSize);
            using var writer = new Utf8JsonWriter(buffer, Options);
            writer.WriteStartObject();
            writer.WriteStartArray(Names.Accounts);
            writer.Flush();
            var from = buffer.WrittenCount;
            for (var i = start; i < end; i++)
            {
                write(writer, items[i]);
            }

            writer.Flush();
            var segments = buffer.Segments(from);
            pieces[part] = new Piece(segments, pack ? SnapshotPacking.PackRun(segments) : null);
        });
        return pieces;
    }

    // A piece's segments and, when the document is kept, the same bytes packed.
    private sealed record Piece(List<ReadOnlyMemory<byte>> Segments, PackedRun? Packed);

    // The document's segments in order and, when packed, its runs in the same order: the frame's
    // small runs between the pieces are packed here, together, up to the next piece.
    private sealed class Spliced(int capacity, bool pack)
    {
        private readonly List<ReadOnlyMemory<byte>> _segments = new(capacity);
        private readonly List<PackedRun>? _runs = pack ? [] : null;
        private readonly List<ReadOnlyMemory<byte>> _small = [];

        public void Add(ReadOnlyMemory<byte> segment)
        {
            _segments.Add(segment);
            if (_runs is not null)
            {
                _small.Add(segment);
            }
        }

        public void Add(Piece piece)
        {
            _segments.AddRange(piece.Segments);
            if (_runs is not null)
            {
                Flush();
                _runs.Add(piece.Packed!);
            }
        }

        public WrittenJson Finish()
        {
            if (_runs is null)
            {
                return new WrittenJson(_segments, null);
            }

            Flush();
            return new WrittenJson(_segments, _runs);
        }

        private void Flush()
        {
            if (_small.Count > 0)
            {
                _runs!.Add(SnapshotPacking.PackRun(_small));
                _small.Clear();
            }
        }
    }

    /// <summary>The documents' property names, encoded once (camelCase, as <see cref="ReportJson"/> names them).</summary>
    internal static class Names
    {
        public static readonly JsonEncodedText Spec = Name(nameof(BenchmarkDocument.Spec));
        public static readonly JsonEncodedText Window = Name(nameof(BenchmarkDocument.Window));
        public static readonly JsonEncodedText Benchmark = Name(nameof(BenchmarkDocument.Benchmark));
        public static readonly JsonEncodedText Accounts = Name(nameof(BenchmarkDocument.Accounts));
        public static readonly JsonEncodedText Brands = Name(nameof(BenchmarkDocument.Brands));
        public static readonly JsonEncodedText Distribution = Name(nameof(BenchmarkDocument.Distribution));
        public static readonly JsonEncodedText Comparison = Name(nameof(BenchmarkDocument.Comparison));

        public static JsonEncodedText Name(string property) => JsonEncodedText.Encode(JsonNamingPolicy.CamelCase.ConvertName(property));

        public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// A benchmark document as written: its segments in order, and (when asked) the same bytes packed
/// for the store in runs, in order (<see cref="SnapshotPacking.Assemble"/>).
/// </summary>
public sealed record WrittenJson(IReadOnlyList<ReadOnlyMemory<byte>> Segments, IReadOnlyList<PackedRun>? Packed);
