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
    public static IReadOnlyList<ReadOnlyMemory<byte>> Segments(BenchmarkDocument document) => Segments(document, ChunkSize);

    /// <summary><see cref="Segments(BenchmarkDocument)"/> with the pieces' chunks of <paramref name="chunkSize"/> bytes.</summary>
    internal static IReadOnlyList<ReadOnlyMemory<byte>> Segments(BenchmarkDocument document, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(document);
        var accounts = Pieces(document.Accounts, BenchmarkRecordsJson.Write, chunkSize);
        var brands = Pieces(document.Brands, BenchmarkRecordsJson.Write, chunkSize);

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
        var segments = new List<ReadOnlyMemory<byte>>(accounts.Sum(p => p.Count) + brands.Sum(p => p.Count) + 40);
        Splice(segments, json[..accountsEnd], accounts);
        Splice(segments, json[accountsEnd..brandsEnd], brands);
        segments.Add(json[brandsEnd..]);
        return segments;
    }

    /// <summary>The segments in one array (a single whole array as it is: a kept document is not copied).</summary>
    public static byte[] ToArray(IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments is [var one] && MemoryMarshal.TryGetArray(one, out var whole) && whole is { Offset: 0, Array: { } array } && array.Length == one.Length)
        {
            return array;
        }

        return ByteSegments.Gather(segments);
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
    private static void Splice(List<ReadOnlyMemory<byte>> segments, ReadOnlyMemory<byte> part, List<ReadOnlyMemory<byte>>[] pieces)
    {
        if (pieces.Length == 0)
        {
            segments.Add(part);
            return;
        }

        segments.Add(part[..^1]);
        for (var i = 0; i < pieces.Length; i++)
        {
            // Every piece starts with its first item's new line and indent; the writer puts a
            // comma between items, and between two pieces there is none yet.
            if (i > 0)
            {
                segments.Add(Comma);
            }

            segments.AddRange(pieces[i]);
        }

        segments.Add(ArrayEnd);
    }

    // The items in chunks written on every core, each chunk by a writer standing where the
    // document's array stands (an array in an object: items at depth 2), so that its bytes are
    // the document's: what the writer wrote between the array's '[' and its end.
    private static List<ReadOnlyMemory<byte>>[] Pieces<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write, int chunkSize)
    {
        var parts = Math.Min(Chunks, items.Count);
        var pieces = new List<ReadOnlyMemory<byte>>[parts];
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
            pieces[part] = buffer.Segments(from);
        });
        return pieces;
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
