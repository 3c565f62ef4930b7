using System.Runtime.InteropServices;
using System.Text;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// The user posts a <see cref="PostScan"/> pass holds until every answer is known: account,
/// instant and the post's id as the store's UTF-8 bytes, packed in large chunks (about 40 bytes a
/// post instead of a string object and a record each: a pass holds millions).
/// </summary>
internal sealed class UserPostBuffer
{
    private const int ChunkSize = 1 << 20;

    private readonly List<byte[]> _chunks = [];
    private Entry[] _entries = new Entry[1024];
    private int _used = ChunkSize;

    public int Count { get; private set; }

    public void Add(int account, long createdAt, ReadOnlySpan<byte> postId)
    {
        if (_used + postId.Length > ChunkSize || _chunks.Count == 0)
        {
            // An id longer than a chunk gets one of its own.
            _chunks.Add(new byte[Math.Max(ChunkSize, postId.Length)]);
            _used = 0;
        }

        postId.CopyTo(_chunks[^1].AsSpan(_used));
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, Count * 2);
        }

        _entries[Count++] = new Entry(account, createdAt, _chunks.Count - 1, _used, postId.Length);
        _used += postId.Length;
    }

    /// <summary>Hands every post to its account's aggregator, in the order they were added.</summary>
    public void FeedTo(AccountAggregator[] aggregators)
    {
        Span<char> buffer = stackalloc char[256];
        foreach (ref readonly var entry in _entries.AsSpan(0, Count))
        {
            var aggregator = aggregators[entry.Account];
            var bytes = _chunks[entry.Chunk].AsSpan(entry.Offset, entry.Length);
            if (!aggregator.HasAnswers)
            {
                // No answer to match: the id is not read.
                aggregator.AddUserPost(ReadOnlySpan<char>.Empty, entry.CreatedAt);
                continue;
            }

            var chars = bytes.Length <= buffer.Length ? buffer : new char[bytes.Length];
            aggregator.AddUserPost(chars[..Encoding.UTF8.GetChars(bytes, chars)], entry.CreatedAt);
        }
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Entry(int Account, long CreatedAt, int Chunk, int Offset, int Length);
}
