using System.Text;
using System.Text.Json;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// The benchmark document as UTF-8 JSON, byte for byte what <see cref="ReportJson.Serialize{T}"/>
/// prints, but with its two long arrays (accounts, brands) serialized in chunks on every core:
/// at 30,000 brands the document is ~100 MB and one thread spends most of a second on it.
/// </summary>
public static class BenchmarkJson
{
    // Enough chunks to keep every core busy to the end; each chunk is one serializer call.
    private static readonly int Chunks = Environment.ProcessorCount * 4;

    public static byte[] Serialize(BenchmarkDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        // The document with both arrays empty is the frame; the arrays go where "[]" stands. The
        // pieces are copied once, into an array of the final size (the document can be 100 MB).
        var frame = JsonSerializer.SerializeToUtf8Bytes(document with { Accounts = [], Brands = [] }, ReportJson.Options);
        var segments = new List<ReadOnlyMemory<byte>>();
        var rest = Splice(segments, frame, "\"accounts\": []"u8.ToArray(), Pieces(document.Accounts));
        rest = Splice(segments, rest, "\"brands\": []"u8.ToArray(), Pieces(document.Brands));
        segments.Add(rest);
        var json = new byte[segments.Sum(segment => segment.Length)];
        var at = 0;
        foreach (var segment in segments)
        {
            segment.Span.CopyTo(json.AsSpan(at));
            at += segment.Length;
        }

        return json;
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

    // Adds `source` up to `marker` ("name": []), then the property with the pieces as its array
    // value ("[\n    {...},\n    {...}\n  ]"); returns what follows the marker.
    private static ReadOnlyMemory<byte> Splice(List<ReadOnlyMemory<byte>> segments, ReadOnlyMemory<byte> source, byte[] marker, byte[][] pieces)
    {
        var at = source.Span.IndexOf(marker);
        segments.Add(source[..at]);
        if (pieces.Length == 0)
        {
            segments.Add(marker);
            return source[(at + marker.Length)..];
        }

        segments.Add(marker.AsMemory(0, marker.Length - 2));
        segments.Add("[\n"u8.ToArray());
        for (var part = 0; part < pieces.Length; part++)
        {
            segments.Add(part == 0 ? ReadOnlyMemory<byte>.Empty : ",\n"u8.ToArray());
            segments.Add(pieces[part]);
        }

        segments.Add("\n  ]"u8.ToArray());
        return source[(at + marker.Length)..];
    }

    // The items in chunks serialized on every core, each chunk's items indented as a top-level array's.
    private static byte[][] Pieces<T>(IReadOnlyList<T> items)
    {
        var parts = Math.Min(Chunks, items.Count);
        var pieces = new byte[parts][];
        Parallel.For(0, parts, part =>
        {
            int start = (int)((long)items.Count * part / parts), end = (int)((long)items.Count * (part + 1) / parts);
            var chunk = new T[end - start];
            for (var i = start; i < end; i++)
            {
                chunk[i - start] = items[i];
            }

            // A chunk alone is a top-level array: its items are one level shallower than in the document.
            var json = JsonSerializer.SerializeToUtf8Bytes(chunk, ReportJson.Options);
            pieces[part] = Indented(json.AsSpan(2, json.Length - 4));
        });
        return pieces;
    }

    // Two more spaces at the start of every line (JSON strings hold no raw new line).
    private static byte[] Indented(ReadOnlySpan<byte> lines)
    {
        var count = 1;
        foreach (var b in lines)
        {
            count += b == (byte)'\n' ? 1 : 0;
        }

        var output = new byte[lines.Length + (2 * count)];
        var at = 0;
        while (true)
        {
            output[at++] = (byte)' ';
            output[at++] = (byte)' ';
            var end = lines.IndexOf((byte)'\n');
            var line = end < 0 ? lines : lines[..(end + 1)];
            line.CopyTo(output.AsSpan(at));
            at += line.Length;
            if (end < 0)
            {
                return output;
            }

            lines = lines[(end + 1)..];
        }
    }
}
