using System.Data.Common;
using Dapper;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Data.Store;

/// <summary>
/// Reads the store into a <see cref="ScoringInput"/>: every brand, account and peer set, the
/// posts that concern a tracked account (its own, replies to it, mentions of it) and the tracked
/// accounts' follower snapshots. Posts stream from the database into <see cref="ActivityIndex.Add"/>,
/// so memory follows the tracked accounts' activity, not the number of stored posts.
/// </summary>
public sealed class ScoringInputLoader(IDbConnectionFactory factory)
{
    // Each branch starts from the (few) accounts and walks an index of posts or mentions; CROSS
    // JOIN pins that order (SQLite never reorders it; elsewhere it is a plain inner join), since
    // without statistics the planner may scan every post instead. UNION (not UNION ALL) keeps a post
    // that both replies to and mentions tracked accounts once: ActivityIndex.Add must see it once.
    private static readonly string PostsSql = $"""
        WITH "concerned" ("network", "post_id") AS (
            SELECT p."network", p."post_id" FROM "accounts" a CROSS JOIN "networks" n CROSS JOIN "posts" p
            WHERE n."id" = a."network" AND p."network" = n."code" AND p."author" = a."handle"
            UNION
            SELECT p."network", p."post_id" FROM "accounts" a CROSS JOIN "networks" n CROSS JOIN "posts" p
            WHERE n."id" = a."network" AND p."network" = n."code" AND p."in_reply_to_author" = a."handle"
            UNION
            SELECT m."network", m."post_id" FROM "accounts" a CROSS JOIN "networks" n CROSS JOIN "post_mentions" m
            WHERE n."id" = a."network" AND m."network" = n."code" AND m."handle" = a."handle"
        )
        {StoreRows.PostsWithMentionsSql("""
            "concerned" c JOIN "posts" p ON p."network" = c."network" AND p."post_id" = c."post_id"
            JOIN "networks" n ON n."code" = p."network"
            """)}
        """;

    private const string FollowersSql = $"""
        SELECT {StoreRows.FollowerColumns}
        FROM "accounts" a CROSS JOIN "followers" f
        WHERE f."network" = a."network" AND f."handle" = a."handle"
        ORDER BY f."network", f."handle", f."date"
        """;

    public async Task<ScoringInput> LoadAsync(CancellationToken ct = default)
    {
        await using var connection = await factory.OpenAsync(ct);
        // One snapshot for all the queries, so a concurrent import cannot show half its rows.
        await using var transaction = await factory.Dialect.BeginReadAsync(connection, ct);

        var brands = await connection.QueryAsync<Brand>(new CommandDefinition(
            """SELECT "id" AS "Id", "name" AS "Name", "industry" AS "Industry" FROM "brands" ORDER BY "id" """,
            transaction: transaction,
            cancellationToken: ct));
        var accounts = await connection.QueryAsync<Account>(new CommandDefinition(
            $"""SELECT {AccountRepository.Columns} FROM "accounts" ORDER BY "brand", "network" """,
            transaction: transaction,
            cancellationToken: ct));
        var peerSets = await PeerSetRepository.ListAsync(connection, transaction, ct);

        var index = new ActivityIndex(accounts);
        await using (var command = Command(connection, transaction, PostsSql))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            foreach (var post in StoreRows.ReadPosts(reader))
            {
                index.Add(post);
            }
        }

        await using (var command = Command(connection, transaction, FollowersSql))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            var snapshots = new List<FollowerSnapshot>();
            while (await reader.ReadAsync(ct))
            {
                snapshots.Add(StoreRows.ReadFollower(reader));
            }

            index.SetFollowers(snapshots);
        }

        await transaction.CommitAsync(ct);
        return new ScoringInput(
            brands,
            index,
            (peerSets.GetValueOrDefault(WorkspaceRepository.Default) ?? []).ToDictionary(set => set.Name, set => (IReadOnlyCollection<string>)set.Brands, StringComparer.Ordinal));
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
