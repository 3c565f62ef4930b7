using System.Data.Common;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Import;

/// <summary>
/// Staging by prepared statements, one row at a time: an INSERT that ignores a key already
/// staged, then (when it did) an UPDATE so the later row wins. For SQLite, where a prepared
/// statement in the same process is as fast as a bulk path gets.
/// </summary>
internal sealed class InsertStaging : IImportStaging
{
    public static InsertStaging Instance { get; } = new();

    public Task<IStageWriter<Post>> OpenPostsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.FromResult<IStageWriter<Post>>(new PostWriter(connection, transaction));

    public Task<IStageWriter<FollowerSnapshot>> OpenFollowersAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.FromResult<IStageWriter<FollowerSnapshot>>(new FollowerWriter(connection, transaction));

    private sealed class PostWriter(DbConnection connection, DbTransaction transaction) : IStageWriter<Post>
    {
        private static readonly string[] Keys = [.. PostColumns.Keys];

        private static readonly IReadOnlyList<string> Values = PostColumns.Values;

        private static readonly string[] Parameters = [.. PostColumns.All];

        private readonly BatchCommand _insert = new(connection, transaction, $"""
            INSERT INTO "{StagingTables.Posts}" ({string.Join(", ", Parameters.Select(MergeSql.Quote))})
            VALUES ({string.Join(", ", Parameters.Select(p => "@" + p))})
            ON CONFLICT ("network", "post_id") DO NOTHING
            """, Parameters);

        private readonly BatchCommand _replace = new(connection, transaction, $"""
            UPDATE "{StagingTables.Posts}" SET {string.Join(", ", Values.Select(v => $"{MergeSql.Quote(v)} = @{v}"))}
            WHERE "network" = @network AND "post_id" = @post_id
            """, Parameters);

        private readonly BatchCommand _dropMentions = new(
            connection, transaction, $"""DELETE FROM "{StagingTables.PostMentions}" WHERE "network" = @network AND "post_id" = @post_id""", Keys);

        private readonly BatchCommand _addMention = new(
            connection, transaction,
            $"""INSERT INTO "{StagingTables.PostMentions}" ("network", "post_id", "handle") VALUES (@network, @post_id, @handle)""",
            "network", "post_id", "handle");

        private long _repeated;

        public async ValueTask WriteAsync(Post post, CancellationToken ct)
        {
            if (await Bind(_insert, post).ExecuteAsync(ct) == 0)
            {
                // The same post earlier in this file: this later row replaces it, mentions included.
                _repeated++;
                await Bind(_replace, post).ExecuteAsync(ct);
                await _dropMentions.Set(0, post.Network).Set(1, post.PostId).ExecuteAsync(ct);
            }

            // The reader lists each mention once, so there is no duplicate key to handle here.
            foreach (var mention in post.Mentions)
            {
                await _addMention.Set(0, post.Network).Set(1, post.PostId).Set(2, mention).ExecuteAsync(ct);
            }
        }

        public Task<long> CompleteAsync(CancellationToken ct) => Task.FromResult(_repeated);

        public async ValueTask DisposeAsync()
        {
            await _insert.DisposeAsync();
            await _replace.DisposeAsync();
            await _dropMentions.DisposeAsync();
            await _addMention.DisposeAsync();
        }

        private static BatchCommand Bind(BatchCommand command, Post post) => command
            .Set(0, post.Network)
            .Set(1, post.PostId)
            .Set(2, post.Author)
            .Set(3, post.CreatedAt)
            .Set(4, post.InReplyToPost)
            .Set(5, post.InReplyToAuthor)
            .Set(6, post.Likes)
            .Set(7, post.Shares)
            .Set(8, post.Quotes)
            .Set(9, post.Replies)
            .Set(10, post.Views);
    }

    private sealed class FollowerWriter(DbConnection connection, DbTransaction transaction) : IStageWriter<FollowerSnapshot>
    {
        private static readonly string[] Parameters = ["network", "handle", "date", "followers"];

        private readonly BatchCommand _insert = new(connection, transaction, $"""
            INSERT INTO "{StagingTables.Followers}" ("network", "handle", "date", "followers") VALUES (@network, @handle, @date, @followers)
            ON CONFLICT ("network", "handle", "date") DO NOTHING
            """, Parameters);

        private readonly BatchCommand _replace = new(connection, transaction, $"""
            UPDATE "{StagingTables.Followers}" SET "followers" = @followers
            WHERE "network" = @network AND "handle" = @handle AND "date" = @date
            """, Parameters);

        private long _repeated;

        public async ValueTask WriteAsync(FollowerSnapshot snapshot, CancellationToken ct)
        {
            var date = StoreRows.FormatDate(snapshot.Date);
            if (await _insert.Set(0, snapshot.Network).Set(1, snapshot.Handle).Set(2, date).Set(3, snapshot.Followers).ExecuteAsync(ct) == 0)
            {
                _repeated++;
                await _replace.Set(0, snapshot.Network).Set(1, snapshot.Handle).Set(2, date).Set(3, snapshot.Followers).ExecuteAsync(ct);
            }
        }

        public Task<long> CompleteAsync(CancellationToken ct) => Task.FromResult(_repeated);

        public async ValueTask DisposeAsync()
        {
            await _insert.DisposeAsync();
            await _replace.DisposeAsync();
        }
    }
}
