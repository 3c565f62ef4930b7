using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
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
    // Enough chunks to keep every core busy to the end; each chunk has its own writer and buffer.
    private static readonly int Chunks = Environment.ProcessorCount * 4;

    // Indented as ReportJson.Options (the serializer's default encoder and new line), unchecked:
    // the structure is this file's, and the tests compare the bytes with the serializer's.
    private static readonly JsonWriterOptions Options = new() { Indented = true, SkipValidation = true };

    // What closes a non-empty array at depth 1 ("\n  ]" on Linux): the items are at depth 2.
    private static readonly byte[] ArrayEnd = Encoding.UTF8.GetBytes(Environment.NewLine + "  ]");

    /// <summary>The document as the reference JSON shape (methodology.md §12), indented.</summary>
    public static byte[] Serialize(BenchmarkDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var accounts = Pieces(document.Accounts, BenchmarkRecordsJson.Write);
        var brands = Pieces(document.Brands, BenchmarkRecordsJson.Write);

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
        var segments = new List<ReadOnlyMemory<byte>>(accounts.Length + brands.Length + 8);
        Splice(segments, json[..accountsEnd], accounts);
        Splice(segments, json[accountsEnd..brandsEnd], brands);
        segments.Add(json[brandsEnd..]);

        // One copy, into an array of the final size.
        var output = new byte[segments.Sum(segment => segment.Length)];
        var at = 0;
        foreach (var segment in segments)
        {
            segment.Span.CopyTo(output.AsSpan(at));
            at += segment.Length;
        }

        return output;
    }

    /// <summary>Writes the JSON and a new line: as bytes to the process's standard output, else as text.</summary>
    public static void WriteLine(TextWriter output, byte[] json)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(json);
        if (ReferenceEquals(output, Console.Out))
        {
            // Console.Out would re-encode 100 MB of UTF-8 from UTF-16 for nothing.
            Console.Out.Flush();
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(json);
            stdout.Write("\n"u8);
            return;
        }

        output.Write(Encoding.UTF8.GetString(json));
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
    private static void Splice(List<ReadOnlyMemory<byte>> segments, ReadOnlyMemory<byte> part, ReadOnlyMemory<byte>[] pieces)
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
            segments.Add(i == 0 ? ReadOnlyMemory<byte>.Empty : ","u8.ToArray());
            segments.Add(pieces[i]);
        }

        segments.Add(ArrayEnd);
    }

    // The items in chunks written on every core, each chunk by a writer standing where the
    // document's array stands (an array in an object: items at depth 2), so that its bytes are
    // the document's: what the writer wrote between the array's '[' and its end.
    private static ReadOnlyMemory<byte>[] Pieces<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        var parts = Math.Min(Chunks, items.Count);
        var pieces = new ReadOnlyMemory<byte>[parts];
        Parallel.For(0, parts, part =>
        {
            int start = (int)((long)items.Count * part / parts), end = (int)((long)items.Count * (part + 1) / parts);
            var buffer = new ArrayBufferWriter<byte>(Math.Max(1024, (end - start) * 1024));
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
            pieces[part] = buffer.WrittenMemory[from..];
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
