using System.Data.Common;
using Engagement.Data.Store.Import;
using Engagement.Domain.Model;
using Npgsql;
using NpgsqlTypes;

namespace Engagement.Data.Store.Postgres;

/// <summary>
/// Staging by binary <c>COPY</c>: the file's rows stream, numbered in file order, into an
/// unindexed raw table (COPY cannot skip or replace a duplicate key), then one
/// <c>DISTINCT ON</c> keeps the last row of each key in the staging table the merge reads.
/// </summary>
internal sealed class PostgresCopyStaging : IImportStaging
{
    public static PostgresCopyStaging Instance { get; } = new();

    public async Task<IStageWriter<Post>> OpenPostsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await PrepareAsync(connection, transaction, ct, $"""
            CREATE TEMP TABLE "{PostWriter.Raw}" ("line" BIGINT NOT NULL, {PostColumns.Definitions}, "mentions" TEXT NULL) ON COMMIT DROP
            """);
        return new PostWriter(connection, transaction, await BeginCopyAsync(connection, PostWriter.Raw, PostWriter.Columns, ct));
    }

    public async Task<IStageWriter<FollowerSnapshot>> OpenFollowersAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await PrepareAsync(connection, transaction, ct, $"""
            CREATE TEMP TABLE "{FollowerWriter.Raw}" (
                "line" BIGINT NOT NULL, "network" TEXT NOT NULL, "handle" TEXT NOT NULL, "date" TEXT NOT NULL,
                "followers" BIGINT NOT NULL) ON COMMIT DROP
            """);
        return new FollowerWriter(connection, transaction, await BeginCopyAsync(connection, FollowerWriter.Raw, FollowerWriter.Columns, ct));
    }

    // The DISTINCT ON sort of a large file fits in memory instead of spilling to disk (this
    // transaction only); the staging table is analysed so the merge is planned with its real size.
    private static Task PrepareAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct, string createRaw) =>
        Execute(connection, transaction, ct, "SET LOCAL work_mem = '256MB'", createRaw);

    private static async Task<NpgsqlBinaryImporter> BeginCopyAsync(DbConnection connection, string table, string[] columns, CancellationToken ct) =>
        await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
            $"""COPY "{table}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)""", ct);

    private static async Task<long> FinishAsync(
        NpgsqlBinaryImporter copy, DbConnection connection, DbTransaction transaction, CancellationToken ct, string raw, string dedupe, params string[] then)
    {
        var copied = (long)await copy.CompleteAsync(ct);
        await copy.DisposeAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = dedupe;
        var staged = await command.ExecuteNonQueryAsync(ct);
        await Execute(connection, transaction, ct, [.. then, $"""DROP TABLE "{raw}" """]);
        return copied - staged;
    }

    private static async Task Execute(DbConnection connection, DbTransaction transaction, CancellationToken ct, params string[] statements)
    {
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed class PostWriter(DbConnection connection, DbTransaction transaction, NpgsqlBinaryImporter copy) : IStageWriter<Post>
    {
        public const string Raw = "import_posts_raw";

        // The row is written in this order below: the line, PostColumns.All, then the mentions
        // joined by ';' (a handle never holds one), which the staging splits into rows.
        public static readonly string[] Columns = ["line", .. PostColumns.All, "mentions"];

        private static readonly string Values = PostColumns.List();

        private long _line;

        public async ValueTask WriteAsync(Post post, CancellationToken ct)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(++_line, NpgsqlDbType.Bigint, ct);
            await PostgresPostRow.WriteColumnsAsync(copy, post, ct);
            await PostgresPostRow.WriteTextAsync(copy, post.Mentions.Count == 0 ? null : string.Join(';', post.Mentions), ct);
        }

        // The last row of each key, read once: its values go to the staging table (the statement's
        // count), its mentions split into rows by the CTE (the reader lists each handle once).
        public Task<long> CompleteAsync(CancellationToken ct) => FinishAsync(
            copy, connection, transaction, ct, Raw,
            $"""
            WITH "last" AS MATERIALIZED (
                SELECT DISTINCT ON ("network", "post_id") {Values}, "mentions" FROM "{Raw}" ORDER BY "network", "post_id", "line" DESC),
            "split" AS (
                INSERT INTO "{StagingTables.PostMentions}" ("network", "post_id", "handle")
                SELECT "network", "post_id", unnest(string_to_array("mentions", ';')) FROM "last" WHERE "mentions" IS NOT NULL
                ON CONFLICT DO NOTHING)
            INSERT INTO "{StagingTables.Posts}" ({Values}) SELECT {Values} FROM "last"
            """,
            $"""ANALYZE "{StagingTables.Posts}" """,
            $"""ANALYZE "{StagingTables.PostMentions}" """);

        public ValueTask DisposeAsync() => copy.DisposeAsync();
    }

    private sealed class FollowerWriter(DbConnection connection, DbTransaction transaction, NpgsqlBinaryImporter copy)
        : IStageWriter<FollowerSnapshot>
    {
        public const string Raw = "import_followers_raw";

        public static readonly string[] Columns = ["line", "network", "handle", "date", "followers"];

        private long _line;

        public async ValueTask WriteAsync(FollowerSnapshot snapshot, CancellationToken ct)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(++_line, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(snapshot.Network, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(snapshot.Handle, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(StoreRows.FormatDate(snapshot.Date), NpgsqlDbType.Text, ct);
            await copy.WriteAsync(snapshot.Followers, NpgsqlDbType.Bigint, ct);
        }

        public Task<long> CompleteAsync(CancellationToken ct) => FinishAsync(
            copy, connection, transaction, ct, Raw,
            $"""
            INSERT INTO "{StagingTables.Followers}" ("network", "handle", "date", "followers")
            SELECT DISTINCT ON ("network", "handle", "date") "network", "handle", "date", "followers" FROM "{Raw}"
            ORDER BY "network", "handle", "date", "line" DESC
            """,
            $"""ANALYZE "{StagingTables.Followers}" """);

        public ValueTask DisposeAsync() => copy.DisposeAsync();
    }
}
