using System.Runtime.InteropServices;
using System.Text;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// What a <see cref="PostScan"/> routed to the pass's accounts, kept compact until every answer
/// is known: records of a few fixed-size fields and the ids the responses are matched on (the
/// store's UTF-8 bytes), in chunks of native memory. The accounts are split into buckets (account
/// <c>First + i</c> in bucket <c>i % Count</c>) so that only one bucket's aggregators live at a time, and
/// a bucket's chunks are freed as soon as it is fed: managed, half a gigabyte of records at 30,000
/// brands would die in the GC's oldest generation, and the recompute's own garbage pile on top of
/// it until a full collection (1.2-1.3 GB of peak memory where the records alone are 0.5 GB).
/// </summary>
internal sealed class ScannedPosts(int first, int accounts, int buckets) : IDisposable
{
    /// <summary>The first of the accounts routed here (a network's, contiguous).</summary>
    public int First { get; } = first;

    public int Accounts { get; } = accounts;

    public Bucket[] Buckets { get; } = [.. Enumerable.Range(0, buckets).Select(_ => new Bucket())];

    /// <summary>
    /// Whether each list holds an account's posts in post id order (a scan's, in key order); false
    /// for rows routed in file order (<see cref="FirstLoadPosts"/>), which are sorted where it matters.
    /// </summary>
    public bool InKeyOrder { get; init; } = true;

    /// <summary>A network's records: its <paramref name="accounts"/> accounts from <paramref name="first"/>, <paramref name="accountsPerBucket"/> to a bucket at most.</summary>
    public static ScannedPosts ForNetwork(int first, int accounts, int accountsPerBucket, bool inKeyOrder = true) =>
        new(first, accounts, Math.Max(1, (accounts + accountsPerBucket - 1) / accountsPerBucket)) { InKeyOrder = inKeyOrder };

    public Bucket Of(int account) => Buckets[(account - First) % Buckets.Length];

    public void Dispose()
    {
        foreach (var bucket in Buckets)
        {
            bucket.Dispose();
        }
    }

    /// <summary>One bucket's posts, each list in scan order (the order the index walk gives within an account).</summary>
    internal sealed class Bucket : IDisposable
    {
        private readonly ChunkedList<byte> _ids = new(1 << 18);

        public ChunkedList<BrandPost> BrandPosts { get; } = new(1 << 13);

        public ChunkedList<IdPost> Answers { get; } = new(1 << 13);

        public ChunkedList<IdPost> Replies { get; } = new(1 << 13);

        public ChunkedList<IdPost> Mentions { get; } = new(1 << 13);

        public void AddBrandPost(int account, long createdAt, long interactions, long? views) =>
            BrandPosts.Add(new BrandPost(account, views is not null, createdAt, interactions, views ?? 0));

        /// <summary>An answer; <paramref name="hasParent"/>: it names the post it answers, <paramref name="parent"/>.</summary>
        public void AddAnswer(int account, long createdAt, ReadOnlySpan<byte> parent, bool hasParent) =>
            Answers.Add(hasParent ? Post(account, createdAt, parent) : new IdPost(account, -1, createdAt, 0));

        /// <summary>A user post replying to the account.</summary>
        public void AddReply(int account, long createdAt, ReadOnlySpan<byte> id) => Replies.Add(Post(account, createdAt, id));

        /// <summary>A user post mentioning the account.</summary>
        public void AddMention(int account, long createdAt, ReadOnlySpan<byte> id) => Mentions.Add(Post(account, createdAt, id));

        private IdPost Post(int account, long createdAt, ReadOnlySpan<byte> id) => new(account, id.Length, createdAt, _ids.AddRange(id));

        /// <summary>
        /// Feeds the bucket's posts to the aggregators of its accounts (index: (account - first) /
        /// bucket count), then frees them. <paramref name="inKeyOrder"/>: the lists hold each
        /// account's posts in post id order already.
        /// </summary>
        public void FeedTo(AccountAggregator[] aggregators, int first, int buckets, bool inKeyOrder = true)
        {
            for (var c = 0; c < BrandPosts.Chunks; c++)
            {
                foreach (ref readonly var post in BrandPosts.Chunk(c))
                {
                    aggregators[(post.Account - first) / buckets].AddBrandPost(post.CreatedAt, post.Interactions, post.HasViews ? post.Views : null);
                }
            }

            for (var c = 0; c < Answers.Chunks; c++)
            {
                foreach (ref readonly var answer in Answers.Chunk(c))
                {
                    aggregators[(answer.Account - first) / buckets].AddAnswer(answer.CreatedAt, answer.Length < 0 ? null : Encoding.UTF8.GetString(Id(answer)));
                }
            }

            // Replies before mentions, each in post id order: a day's response times are stored in that order.
            if (inKeyOrder)
            {
                FeedUserPosts(Replies, aggregators, first, buckets);
                FeedUserPosts(Mentions, aggregators, first, buckets);
            }
            else
            {
                FeedUnorderedUserPosts(aggregators, first, buckets);
            }

            Dispose();
        }

        public void Dispose()
        {
            _ids.Dispose();
            BrandPosts.Dispose();
            Answers.Dispose();
            Replies.Dispose();
            Mentions.Dispose();
        }

        private void FeedUserPosts(ChunkedList<IdPost> posts, AccountAggregator[] aggregators, int first, int buckets)
        {
            Span<char> buffer = stackalloc char[256];
            for (var c = 0; c < posts.Chunks; c++)
            {
                foreach (ref readonly var post in posts.Chunk(c))
                {
                    var aggregator = aggregators[(post.Account - first) / buckets];
                    if (!aggregator.HasAnswers)
                    {
                        // No answer to match: the id is not read.
                        aggregator.AddUserPost(ReadOnlySpan<char>.Empty, post.CreatedAt);
                        continue;
                    }

                    AddUserPost(aggregator, post, buffer);
                }
            }
        }

        private ReadOnlySpan<byte> Id(in IdPost post) => _ids.Range(post.Id, post.Length);

        // User posts in another order than their ids': each is counted at once, and only the
        // order of a day's response times is stored, so only the posts that got one are sorted -
        // by account, replies before mentions, then by id as SQLite's BINARY collation orders the
        // store's keys (the UTF-8 bytes, not UTF-16 code units) - before their times are stored.
        private void FeedUnorderedUserPosts(AccountAggregator[] aggregators, int first, int buckets)
        {
            var answered = new List<(IdPost Post, int Kind, long Delay)>();
            Span<char> buffer = stackalloc char[256];
            foreach (var (posts, kind) in new[] { (Replies, 0), (Mentions, 1) })
            {
                for (var c = 0; c < posts.Chunks; c++)
                {
                    foreach (ref readonly var post in posts.Chunk(c))
                    {
                        var aggregator = aggregators[(post.Account - first) / buckets];
                        var bytes = aggregator.HasAnswers ? Id(post) : default;
                        var chars = bytes.Length <= buffer.Length ? buffer : new char[bytes.Length];
                        if (aggregator.CountUserPost(chars[..Encoding.UTF8.GetChars(bytes, chars)], post.CreatedAt) is { } delay)
                        {
                            answered.Add((post, kind, delay));
                        }
                    }
                }
            }

            answered.Sort((a, b) =>
            {
                var order = a.Post.Account.CompareTo(b.Post.Account);
                order = order != 0 ? order : a.Kind.CompareTo(b.Kind);
                return order != 0 ? order : Id(a.Post).SequenceCompareTo(Id(b.Post));
            });
            foreach (var (post, _, delay) in answered)
            {
                aggregators[(post.Account - first) / buckets].AddResponse(post.CreatedAt, delay);
            }
        }

        // With its id decoded from the store's UTF-8 (into buffer when it fits).
        private void AddUserPost(AccountAggregator aggregator, in IdPost post, Span<char> buffer)
        {
            var bytes = Id(post);
            var chars = bytes.Length <= buffer.Length ? buffer : new char[bytes.Length];
            aggregator.AddUserPost(chars[..Encoding.UTF8.GetChars(bytes, chars)], post.CreatedAt);
        }
    }

    [StructLayout(LayoutKind.Auto)]
    internal readonly record struct BrandPost(int Account, bool HasViews, long CreatedAt, long Interactions, long Views);

    /// <summary>A post with an id to match (an answer's parent, a user post's own) at <c>Id</c>; <c>Length</c> -1 for none.</summary>
    [StructLayout(LayoutKind.Auto)]
    internal readonly record struct IdPost(int Account, int Length, long CreatedAt, long Id);

    /// <summary>
    /// An append-only list in chunks of native memory: no copy as it grows, freed at once by
    /// <see cref="Dispose"/>. Chunks of 192-256 KB: large enough that the C library maps each
    /// on its own and returns it to the system when freed, small enough for the last one's slack.
    /// </summary>
    internal sealed unsafe class ChunkedList<T> : IDisposable
        where T : unmanaged
    {
        private readonly List<nint> _chunks = [];
        private readonly int _chunkSize;

        // Items used in the last chunk: a full one at first, so the first Add allocates.
        private int _used;

        public ChunkedList(int chunkSize) => _used = _chunkSize = chunkSize;

        public int Chunks => _chunks.Count;

        public void Add(in T item)
        {
            if (_used == _chunkSize)
            {
                Grow(_chunkSize);
            }

            ((T*)_chunks[^1])[_used++] = item;
        }

        /// <summary>Appends the items in one chunk (a new one when they do not fit); returns where: (chunk, offset).</summary>
        public long AddRange(ReadOnlySpan<T> items)
        {
            if (_chunks.Count == 0 || _used + items.Length > _chunkSize)
            {
                // Longer than a chunk: a chunk of their own (the next item starts a new one).
                Grow(Math.Max(_chunkSize, items.Length));
            }

            items.CopyTo(new Span<T>((T*)_chunks[^1] + _used, items.Length));
            var at = ((long)(_chunks.Count - 1) << 32) | (uint)_used;
            _used = items.Length > _chunkSize ? _chunkSize : _used + items.Length;
            return at;
        }

        public ReadOnlySpan<T> Range(long at, int length) => new((T*)_chunks[(int)(at >> 32)] + (int)(uint)at, length);

        /// <summary>The items of chunk <paramref name="index"/>, in order.</summary>
        public ReadOnlySpan<T> Chunk(int index) =>
            new((T*)_chunks[index], index < _chunks.Count - 1 ? _chunkSize : _used);

        public void Dispose()
        {
            foreach (var chunk in _chunks)
            {
                NativeMemory.Free((void*)chunk);
            }

            _chunks.Clear();
            _used = _chunkSize;
        }

        private void Grow(int items)
        {
            _chunks.Add((nint)NativeMemory.Alloc((nuint)items, (nuint)sizeof(T)));
            _used = 0;
        }
    }
}
