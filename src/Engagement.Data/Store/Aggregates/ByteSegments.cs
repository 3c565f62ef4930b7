namespace Engagement.Data.Store.Aggregates;

/// <summary>Bytes kept in consecutive segments (a document as it was written, a snapshot as it was packed).</summary>
public static class ByteSegments
{
    /// <summary>The segments copied, in order, into one array.</summary>
    public static byte[] Gather(IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var output = new byte[segments.Sum(segment => (long)segment.Length)];
        var at = 0;
        foreach (var segment in segments)
        {
            segment.Span.CopyTo(output.AsSpan(at));
            at += segment.Length;
        }

        return output;
    }
}
