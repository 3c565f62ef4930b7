using System.Runtime.InteropServices;
using System.Text;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// What a <see cref="PostScan"/> routed to the pass's accounts, kept compact until every answer
/// is known: records of a few fixed-size fields in chunked arrays (no object per post for the GC
/// to trace) and the ids the responses are matched on as the store's UTF-8 bytes. The accounts
/// are split into buckets (account <c>i</c> in bucket <c>i % Count</c>) so that only one bucket's
/// aggregators, the big part of the memory, live at a time.
/// </summary>
internal sealed class ScannedPosts
{
    public ScannedPosts(int buckets) => Buckets = [.. Enumerable.Range(0, buckets).Select(_ => new Bucket())];

    public Bucket[] Buckets { get; }

    /// <summary>Lets a bucket's posts go once fed.</summary>
    public void Release(int bucket) => Buckets[bucket] = new Bucket();

    public Bucket Of(int account) => Buckets[account % Buckets.Length];

    /// <summary>One bucket's posts, each list in scan order (the order the index walk gives within an account).</summary>
    internal sealed class Bucket
    {
        private readonly Utf8Arena _ids = new();

        public ChunkedList<BrandPost> BrandPosts { get; } = new();

        public ChunkedList<IdPost> Answers { get; } = new();

        public ChunkedList<IdPost> Replies { get; } = new();

        public ChunkedList<IdPost> Mentions { get; } = new();

        public void AddBrandPost(int account, long createdAt, long interactions, long? views) =>
            BrandPosts.Add(new BrandPost(account, views is not null, createdAt, interactions, views ?? 0));

        /// <summary>An answer (<paramref name="hasParent"/>: it names the post it answers) or a user post.</summary>
        public IdPost Post(int account, long createdAt, ReadOnlySpan<byte> id, bool hasParent = true) =>
            hasParent ? new IdPost(account, id.Length, createdAt, _ids.Add(id)) : new IdPost(account, -1, createdAt, 0);

        /// <summary>Feeds the bucket's posts to the aggregators of its accounts (index: account / bucket count).</summary>
        public void FeedTo(AccountAggregator[] aggregators, int buckets)
        {
            foreach (var post in BrandPosts)
            {
                aggregators[post.Account / buckets].AddBrandPost(post.CreatedAt, post.Interactions, post.HasViews ? post.Views : null);
            }

            foreach (var answer in Answers)
            {
                aggregators[answer.Account / buckets].AddAnswer(answer.CreatedAt, answer.Length < 0 ? null : Encoding.UTF8.GetString(Id(answer)));
            }

            // Replies before mentions, each in post id order: a day's response times are stored in that order.
            Span<char> buffer = stackalloc char[256];
            foreach (var list in (ChunkedList<IdPost>[])[Replies, Mentions])
            {
                foreach (var post in list)
                {
                    var aggregator = aggregators[post.Account / buckets];
                    if (!aggregator.HasAnswers)
                    {
                        // No answer to match: the id is not read.
                        aggregator.AddUserPost(ReadOnlySpan<char>.Empty, post.CreatedAt);
                        continue;
                    }

                    var bytes = Id(post);
                    var chars = bytes.Length <= buffer.Length ? buffer : new char[bytes.Length];
                    aggregator.AddUserPost(chars[..Encoding.UTF8.GetChars(bytes, chars)], post.CreatedAt);
                }
            }
        }

        public long Count => BrandPosts.Count + Answers.Count + Replies.Count + Mentions.Count;

        private ReadOnlySpan<byte> Id(in IdPost post) => _ids.Get(post.Id, post.Length);
    }

    [StructLayout(LayoutKind.Auto)]
    internal readonly record struct BrandPost(int Account, bool HasViews, long CreatedAt, long Interactions, long Views);

    /// <summary>A post with an id to match: an answer's parent or a user post's own; <c>Length</c> -1 for none.</summary>
    [StructLayout(LayoutKind.Auto)]
    internal readonly record struct IdPost(int Account, int Length, long CreatedAt, long Id);

    /// <summary>An append-only list in chunks: no copy of millions of records as it grows, no large array to zero twice.</summary>
    internal sealed class ChunkedList<T>
        where T : struct
    {
        private const int ChunkSize = 1 << 14;
        private readonly List<T[]> _chunks = [];

        public long Count { get; private set; }

        public void Add(in T item)
        {
            var at = (int)(Count % ChunkSize);
            if (at == 0)
            {
                _chunks.Add(new T[ChunkSize]);
            }

            _chunks[^1][at] = item;
            Count++;
        }

        public IEnumerator<T> GetEnumerator()
        {
            for (var i = 0; i < _chunks.Count; i++)
            {
                var length = i < _chunks.Count - 1 ? ChunkSize : (int)(Count - (ChunkSize * (long)i));
                for (var j = 0; j < length; j++)
                {
                    yield return _chunks[i][j];
                }
            }
        }
    }

    /// <summary>Byte strings packed in 1 MB chunks, addressed by (chunk, offset) in a long.</summary>
    private sealed class Utf8Arena
    {
        private const int ChunkSize = 1 << 20;
        private readonly List<byte[]> _chunks = [];
        private int _used = ChunkSize;

        public long Add(ReadOnlySpan<byte> bytes)
        {
            if (_chunks.Count == 0 || _used + bytes.Length > _chunks[^1].Length)
            {
                // A string longer than a chunk gets one of its own.
                _chunks.Add(new byte[Math.Max(ChunkSize, bytes.Length)]);
                _used = 0;
            }

            bytes.CopyTo(_chunks[^1].AsSpan(_used));
            var at = ((long)(_chunks.Count - 1) << 32) | (uint)_used;
            _used += bytes.Length;
            return at;
        }

        public ReadOnlySpan<byte> Get(long at, int length) => _chunks[(int)(at >> 32)].AsSpan((int)(uint)at, length);
    }
}
