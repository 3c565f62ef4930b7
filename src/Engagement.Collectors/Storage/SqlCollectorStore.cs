using System.Data.Common;
using System.Globalization;
using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Storage;

/// <summary>
/// <see cref="ICollectorStore"/> over the service's store (<see cref="IDbConnectionFactory"/>):
/// the same tables and row conventions as the importer (one post_mentions row per handle;
/// follower dates as yyyy-MM-dd), written in one transaction
/// per account run through the factory's retried write path.
/// </summary>
public sealed class SqlCollectorStore(IDbConnectionFactory factory) : ICollectorStore
{
    // Well under SQLite's 32,766 host parameters per statement.
    private const int KeyChunk = 500;

    // Like the importer, an unchanged row is not rewritten: no trigger fires, data_version stays,
    // and report caches stay valid through hourly runs that found nothing new.
    private const string UpsertFollowersSql = """
        INSERT INTO "followers" ("network", "handle", "date", "followers") VALUES (@Network, @Handle, @Date, @Followers)
        ON CONFLICT ("network", "handle", "date") DO UPDATE SET "followers" = excluded."followers"
        WHERE "followers"."followers" IS DISTINCT FROM excluded."followers"
        """;

    private readonly AccountLeaseRepository _leases = new(factory);

    public Task<IReadOnlyList<Account>> ListAccountsAsync(string? network, string? brand, CancellationToken ct) =>
        factory.ReadAsync<IReadOnlyList<Account>>(
            async (connection, token) => (await connection.QueryAsync<Account>(new CommandDefinition(
                // A brand's accounts by the accounts_by_brand index; "@brand IS NULL OR" would scan them all.
                brand is null
                    ? """
                      SELECT "brand" AS "Brand", "network" AS "Network", "handle" AS "Handle" FROM "accounts"
                      WHERE @network IS NULL OR "network" = @network
                      ORDER BY "network", "handle"
                      """
                    : """
                      SELECT "brand" AS "Brand", "network" AS "Network", "handle" AS "Handle" FROM "accounts"
                      WHERE "brand" = @brand AND (@network IS NULL OR "network" = @network)
                      ORDER BY "network", "handle"
                      """,
                new { network, brand },
                cancellationToken: token))).AsList(),
            ct);

    public Task<CollectorAccountState?> GetStateAsync(string network, string handle, CancellationToken ct) =>
        factory.ReadAsync(
            async (connection, token) => (await connection.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(
                $"""SELECT {StateRow.Columns} FROM "collector_state" WHERE "network" = @network AND "handle" = @handle""",
                new { network, handle },
                cancellationToken: token)))?.ToState(),
            ct);

    public Task<IReadOnlyList<CollectorAccountState>> ListStatesAsync(CancellationToken ct) =>
        factory.ReadAsync<IReadOnlyList<CollectorAccountState>>(
            async (connection, token) => (await connection.QueryAsync<StateRow>(new CommandDefinition(
                $"""SELECT {StateRow.Columns} FROM "collector_state" ORDER BY "network", "handle" """, cancellationToken: token)))
                .Select(row => row.ToState()).ToList(),
            ct);

    public Task<IReadOnlyList<(Account Account, CollectorAccountState? State)>> ListStatusPageAsync(
        string? network, (string Network, string Handle)? after, int limit, CancellationToken ct) =>
        factory.ReadAsync<IReadOnlyList<(Account, CollectorAccountState?)>>(
            async (connection, token) =>
            {
                // The accounts' primary key (network, handle) gives the page in order without a sort.
                var accounts = (await connection.QueryAsync<Account>(new CommandDefinition(
                    """
                    SELECT "brand" AS "Brand", "network" AS "Network", "handle" AS "Handle" FROM "accounts"
                    WHERE (@network IS NULL OR "network" = @network)
                      AND (@afterNetwork IS NULL OR "network" > @afterNetwork OR ("network" = @afterNetwork AND "handle" > @afterHandle))
                    ORDER BY "network", "handle"
                    LIMIT @limit
                    """,
                    new { network, afterNetwork = after?.Network, afterHandle = after?.Handle, limit },
                    cancellationToken: token))).AsList();
                var states = new Dictionary<(string, string), CollectorAccountState>();
                foreach (var group in accounts.GroupBy(a => a.Network, StringComparer.Ordinal))
                {
                    var parameters = new DynamicParameters(new { network = group.Key });
                    var rows = await connection.QueryAsync<StateRow>(new CommandDefinition(
                        $"""SELECT {StateRow.Columns} FROM "collector_state" WHERE "network" = @network AND "handle" IN {SqlList.In("h", group.Select(a => a.Handle), parameters)}""",
                        parameters,
                        cancellationToken: token));
                    foreach (var row in rows)
                    {
                        states[(row.Network, row.Handle)] = row.ToState();
                    }
                }

                return accounts.Select(a => (a, states.GetValueOrDefault((a.Network, a.Handle)))).ToList();
            },
            ct);

    public Task<IReadOnlyList<NetworkActivity>> SummarizeAsync(CancellationToken ct) =>
        factory.ReadAsync<IReadOnlyList<NetworkActivity>>(
            async (connection, token) => (await connection.QueryAsync<(string Network, long Accounts, long? LastSuccess)>(new CommandDefinition(
                """
                SELECT a."network", COUNT(*), MAX(s."last_success_at") FROM "accounts" a
                LEFT JOIN "collector_state" s ON s."network" = a."network" AND s."handle" = a."handle"
                GROUP BY a."network" ORDER BY a."network"
                """,
                cancellationToken: token)))
                .Select(row => new NetworkActivity(row.Network, (int)row.Accounts, row.LastSuccess is { } micros ? UtcMicros.ToDateTimeOffset(micros) : null))
                .ToList(),
            ct);

    public Task<IReadOnlyDictionary<string, long>> GetReplyCountsAsync(string network, string author, long sinceMicros, CancellationToken ct) =>
        factory.ReadAsync<IReadOnlyDictionary<string, long>>(
            async (connection, token) => (await connection.QueryAsync<(string PostId, long Replies)>(new CommandDefinition(
                $"""
                SELECT "post_id", "replies" FROM "posts"
                WHERE "network" = {NetworkCodes.CodeOf("@network")} AND "author" = @author AND "created_at" >= @sinceMicros
                """,
                new { network, author, sinceMicros },
                cancellationToken: token))).ToDictionary(row => row.PostId, row => row.Replies, StringComparer.Ordinal),
            ct);

    public Task<IReadOnlyDictionary<string, string>> GetAuthorsAsync(string network, IReadOnlyCollection<string> postIds, CancellationToken ct) =>
        factory.ReadAsync<IReadOnlyDictionary<string, string>>(
            async (connection, token) =>
            {
                var authors = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var chunk in postIds.Distinct(StringComparer.Ordinal).Chunk(MaxListParameters))
                {
                    var parameters = new DynamicParameters(new { network });
                    var rows = await connection.QueryAsync<(string PostId, string Author)>(new CommandDefinition(
                        $"""SELECT "post_id", "author" FROM "posts" WHERE "network" = {NetworkCodes.CodeOf("@network")} AND "post_id" IN {SqlList.In("id", chunk, parameters)}""",
                        parameters,
                        cancellationToken: token));
                    foreach (var row in rows)
                    {
                        authors[row.PostId] = row.Author;
                    }
                }

                return authors;
            },
            ct);

    /// <summary>A commit without a lease check (see the interface's overload).</summary>
    public Task<CommitResult> CommitAsync(Account account, IReadOnlyCollection<Post> posts, FollowerSnapshot? followers, CollectorAccountState state, CancellationToken ct) =>
        CommitAsync(account, posts, followers, state, leaseOwner: null, ct);

    public Task<CommitResult> CommitAsync(
        Account account, IReadOnlyCollection<Post> posts, FollowerSnapshot? followers, CollectorAccountState state, string? leaseOwner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(state);
        // The whole attempt may run again on a lock conflict: it only touches the transaction.
        return factory.WriteAsync(
            async (connection, transaction, token) =>
            {
                // Fenced: the lease row stays locked until this transaction ends, so no one takes
                // the account over between the check and the commit. Lost: throw, which rolls back.
                if (leaseOwner is not null
                    && !await AccountLeaseRepository.ConfirmAsync(connection, transaction, leaseOwner, account.Network, account.Handle, factory.Time.GetUtcNow(), token))
                {
                    throw new LeaseLostException(account.Network, account.Handle);
                }

                // A network the store meets for the first time gets its code in this transaction.
                await NetworkCodes.EnsureAsync(connection, transaction, posts.Select(p => p.Network), token);
                int inserted = 0, changed = 0;
                foreach (var chunk in posts.DistinctBy(p => (p.Network, p.PostId)).Chunk(KeyChunk))
                {
                    var (added, written) = await WritePostsAsync(connection, transaction, chunk, token);
                    inserted += added;
                    changed += written - added;
                }

                if (followers is not null)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        UpsertFollowersSql,
                        new { followers.Network, followers.Handle, Date = followers.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), followers.Followers },
                        transaction,
                        cancellationToken: token));
                }

                await WriteStateAsync(connection, transaction, state with { PostsStored = state.PostsStored + inserted }, token);
                return new CommitResult(inserted, changed);
            },
            ct);
    }

    public async Task<IReadOnlyList<Account>> ClaimAsync(LeaseRequest request, CancellationToken ct) =>
        [.. (await _leases.TryLeaseAsync(request, ct)).Select(lease => lease.Account)];

    public Task<IReadOnlyList<(string Network, string Handle)>> RenewAsync(
        string owner, IReadOnlyCollection<(string Network, string Handle)> accounts, TimeSpan duration, CancellationToken ct) =>
        _leases.RenewAsync(owner, accounts, duration, ct);

    public Task<bool> ReleaseAsync(string owner, string network, string handle, CancellationToken ct) =>
        _leases.ReleaseAsync(owner, network, handle, ct);

    public Task<int> ReleaseAllAsync(string owner, CancellationToken ct) => _leases.ReleaseAllAsync(owner, ct);

    public Task SaveStateAsync(CollectorAccountState state, CancellationToken ct) =>
        factory.WriteAsync((connection, transaction, token) => WriteStateAsync(connection, transaction, state, token), ct);

    private const int MaxListParameters = 500;

    /// <summary>
    /// Upserts a chunk of posts of one run and re-syncs post_mentions where mentions changed;
    /// returns the posts new to the store and the posts written (new, or changed in a value or
    /// in their set of mentions).
    /// </summary>
    private static async Task<(int Inserted, int Written)> WritePostsAsync(DbConnection connection, DbTransaction transaction, Post[] posts, CancellationToken ct)
    {
        var stored = await StoredMentionsAsync(connection, transaction, posts, ct);
        var written = 0;
        var remention = new List<Post>();
        foreach (var post in posts)
        {
            // The post itself is the parameter object: Dapper binds the properties UpsertSql names and
            // leaves the rest (Mentions, which post_mentions holds) out.
            var changed = await connection.ExecuteAsync(new CommandDefinition(PostColumns.UpsertSql, post, transaction, cancellationToken: ct));
            var mentionsChanged = !stored.TryGetValue((post.Network, post.PostId), out var before) || !before.SetEquals(post.Mentions);
            if (mentionsChanged)
            {
                remention.Add(post);
            }

            written += changed > 0 || mentionsChanged ? 1 : 0;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"""DELETE FROM "post_mentions" WHERE "network" = {NetworkCodes.CodeOf("@Network")} AND "post_id" = @PostId""",
            remention.Select(p => new { p.Network, p.PostId }),
            transaction,
            cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO "post_mentions" ("network", "post_id", "handle") VALUES ({NetworkCodes.CodeOf("@Network")}, @PostId, @Handle)
            ON CONFLICT DO NOTHING
            """,
            remention.SelectMany(p => p.Mentions.Distinct(StringComparer.Ordinal).Select(handle => new { p.Network, p.PostId, Handle = handle })),
            transaction,
            cancellationToken: ct));
        return (posts.Count(p => !stored.ContainsKey((p.Network, p.PostId))), written);
    }

    // The stored posts among these, each with its set of mentions (post_mentions holds them).
    private static async Task<Dictionary<(string, string), HashSet<string>>> StoredMentionsAsync(
        DbConnection connection, DbTransaction transaction, Post[] posts, CancellationToken ct)
    {
        var stored = new Dictionary<(string, string), HashSet<string>>();
        foreach (var byNetwork in posts.GroupBy(p => p.Network, StringComparer.Ordinal))
        {
            // The list is spelled out as parameters (SqlList): Dapper's "IN @ids" does not run on PostgreSQL.
            foreach (var chunk in byNetwork.Select(p => p.PostId).Distinct(StringComparer.Ordinal).Chunk(MaxListParameters))
            {
                var parameters = new DynamicParameters(new { network = byNetwork.Key });
                var rows = await connection.QueryAsync<(string PostId, string? Handle)>(new CommandDefinition(
                    $"""
                    SELECT p."post_id", m."handle" FROM "posts" p
                    LEFT JOIN "post_mentions" m ON m."network" = p."network" AND m."post_id" = p."post_id"
                    WHERE p."network" = {NetworkCodes.CodeOf("@network")} AND p."post_id" IN {SqlList.In("id", chunk, parameters)}
                    """,
                    parameters,
                    transaction,
                    cancellationToken: ct));
                foreach (var row in rows)
                {
                    var key = (byNetwork.Key, row.PostId);
                    if (!stored.TryGetValue(key, out var handles))
                    {
                        stored[key] = handles = new HashSet<string>(StringComparer.Ordinal);
                    }

                    if (row.Handle is not null)
                    {
                        handles.Add(row.Handle);
                    }
                }
            }
        }

        return stored;
    }

    private static Task WriteStateAsync(DbConnection connection, DbTransaction transaction, CollectorAccountState state, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(StateRow.Upsert, StateRow.From(state), transaction, cancellationToken: ct));
}
