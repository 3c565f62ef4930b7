using System.Data.Common;
using Dapper;
using Engagement.Data.Csv;
using Engagement.Data.Store.Import;
using Engagement.Domain.Model;
using Npgsql;

namespace Engagement.Data.Store.Postgres;

/// <summary>
/// The first posts file of a PostgreSQL store (posts and post_mentions empty): one binary
/// <c>COPY</c> straight into <c>posts</c>, then one into <c>post_mentions</c> of the mentions
/// kept aside meanwhile (a few per post at most, references to strings the parser made), no
/// staging table and no upsert (issue 16: the staged path wrote every row three
/// times, and most of its time went to the upsert and the mention inserts).
/// For the load the tables lose their secondary indices, their primary keys, the
/// mentions' foreign key and the aggregate-marking triggers with transition tables (which would
/// copy every row into a tuplestore only to find the marks switched off); all come back, as read
/// from the catalog, before the commit. PostgreSQL DDL is transactional, so a failure or a kill leaves the schema
/// as it was. Dropping an index takes an ACCESS EXCLUSIVE lock that holds every reader of the
/// table until the commit: acceptable only because the tables are empty when the load starts
/// (a reader waits to see nothing more than it would have seen), which is checked under that lock.
/// A key the file repeats fails the build of the primary key; the load then rolls back
/// to its savepoint and the caller stages the file as for a non-empty store (last row wins,
/// counted as repeated), so the outcome never depends on which path ran.
/// </summary>
internal static class PostgresPostLoad
{
    private const string Savepoint = "posts_first_load";

    private const string UniqueViolation = "23505";

    private static readonly string IsEmptySql = """SELECT NOT EXISTS (SELECT 1 FROM "posts") AND NOT EXISTS (SELECT 1 FROM "post_mentions")""";

    // What the load goes without, with the DDL that makes it again, in the order it is dropped
    // (it is made again in the reverse order: a foreign key needs the key it references): the
    // insert triggers with a transition table, the foreign keys, the primary keys (built by one
    // sort each after the rows are in, where a repeated key then fails the build; the mentions'
    // key inserted into row by row cost twice its build), and the secondary indices (those not
    // backing a constraint of their own table).
    private const string DroppableSql = """
        SELECT 1, format('DROP TRIGGER %I ON %s', t.tgname, t.tgrelid::regclass), pg_get_triggerdef(t.oid)
        FROM pg_trigger t
        WHERE t.tgrelid = ANY (@tables::regclass[]) AND NOT t.tgisinternal AND t.tgnewtable IS NOT NULL
        UNION ALL
        SELECT CASE c.contype WHEN 'f' THEN 2 ELSE 3 END, format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
            format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
        FROM pg_constraint c
        WHERE c.conrelid = ANY (@tables::regclass[]) AND c.contype IN ('f', 'p')
        UNION ALL
        SELECT 4, 'DROP INDEX ' || i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY (@tables::regclass[])
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
        ORDER BY 1
        """;

    /// <summary>True when the store is PostgreSQL and holds no post yet (checked again, locked, by the load).</summary>
    public static async Task<bool> AppliesAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection is NpgsqlConnection
        && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(IsEmptySql, transaction: transaction, cancellationToken: ct));

    /// <summary>
    /// Loads the file into the empty tables and marks every account a post names; null when
    /// the tables were filled meanwhile or the file repeats a key: nothing of the attempt is
    /// left, and the caller stages the file instead.
    /// </summary>
    public static async Task<FileImportResult?> TryLoadAsync(
        DbConnection connection, DbTransaction transaction, DatasetFile file, ImportSettings settings,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        await transaction.SaveAsync(Savepoint, ct);
        try
        {
            var result = await LoadAsync((NpgsqlConnection)connection, transaction, file, settings, progress, ct);
            await transaction.ReleaseAsync(Savepoint, ct);
            return result;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            await transaction.RollbackAsync(Savepoint, ct);
            return null;
        }
    }

    private static async Task<FileImportResult?> LoadAsync(
        NpgsqlConnection connection, DbTransaction transaction, DatasetFile file, ImportSettings settings,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        // Locked before the check: a concurrent writer either committed its rows before (then
        // the tables are not empty and the file is staged) or waits for this load's commit.
        // networks first, as every writer of posts registers a network before it writes a post:
        // the codes this load gives are then the next free ones until its commit (readers go on).
        await Sql.ExecuteAsync(connection, transaction, ct,
            """LOCK TABLE "networks" IN EXCLUSIVE MODE""", """LOCK TABLE "posts", "post_mentions" IN ACCESS EXCLUSIVE MODE""");
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(IsEmptySql, transaction: transaction, cancellationToken: ct)))
        {
            return null;
        }

        var droppable = (await connection.QueryAsync<(int Step, string Drop, string Create)>(new CommandDefinition(
            DroppableSql, new { tables = new[] { "posts", "post_mentions" } }, transaction, cancellationToken: ct))).AsList();
        // Emptied again in this savepoint (they are empty: checked above, under the lock) so
        // that the COPY may write its rows frozen: PostgreSQL allows FREEZE only into a table
        // created or truncated in the current subtransaction. Frozen rows need no hint bits set
        // (and their pages written again) by the first reads after the commit, nor a later
        // VACUUM FREEZE of the whole table.
        await Sql.ExecuteAsync(connection, transaction, ct, [.. droppable.Select(item => item.Drop), """TRUNCATE "posts", "post_mentions" """]);

        var counts = new ImportCounts(settings.MaxListedErrors);
        long rows;
        List<(short Network, string PostId, string Handle)> mentions;
        List<(short Code, string Id)> met;
        var codes = (await connection.QueryAsync<(string Id, short Code)>(new CommandDefinition(
            """SELECT "id", "code" FROM "networks" """, transaction: transaction, cancellationToken: ct))).ToDictionary(row => row.Id, row => row.Code, StringComparer.Ordinal);
        await using (var copy = new CopyWriter(await connection.BeginBinaryImportAsync(
            $"""COPY "posts" ({PostColumns.List()}) FROM STDIN (FORMAT BINARY, FREEZE)""", ct), codes))
        {
            using var reader = CanonicalCsv.OpenFile(file.Path);
            rows = await StagedFile.StageAsync(copy, CanonicalCsv.ReadPosts(reader, file.FileName, settings.Rules), file, counts, progress, ct);
            counts.Stored = copy.Written;
            mentions = copy.Mentions;
            met = copy.Met;
        }

        // The networks met for the first time, with the codes the rows were written with.
        await connection.ExecuteAsync(new CommandDefinition(
            """INSERT INTO "networks" ("code", "id") VALUES (@Code, @Id)""",
            met.Select(network => new { network.Code, network.Id }),
            transaction, cancellationToken: ct));

        // A post the file repeats fails the primary key of posts or of post_mentions when they are
        // built again below (both are dropped for the load): either way the file is staged.
        await using (var copy = await connection.BeginBinaryImportAsync(
            """COPY "post_mentions" ("network", "post_id", "handle") FROM STDIN (FORMAT BINARY, FREEZE)""", ct))
        {
            foreach (var (network, postId, handle) in mentions)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(network, NpgsqlTypes.NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(postId, NpgsqlTypes.NpgsqlDbType.Text, ct);
                await copy.WriteAsync(handle, NpgsqlTypes.NpgsqlDbType.Text, ct);
            }

            await copy.CompleteAsync(ct);
        }

        // Keys and indices are built from the loaded rows (a sort each, in memory for this transaction
        // where the default 64 MB would spill to disk, not a B-tree grown row by row); the
        // foreign key is validated by one join; the statement trigger on posts has already
        // bumped data_version (once, at the commit).
        await Sql.ExecuteAsync(connection, transaction, ct,
            [
                "SET LOCAL maintenance_work_mem = '256MB'",
                .. droppable.Select(item => item.Create).Reverse(), """ANALYZE "posts", "post_mentions" """,
            ]);
        if (counts.Stored > 0)
        {
            await Aggregates.AggregateMarks.MarkLoadedPostsAsync(connection, transaction, ct);
        }

        progress?.Report(new ImportProgress(file.Path, file.Kind, rows, Completed: true));
        return counts.ToResult(file.Path, file.Kind);
    }

    // codes: the store's network codes, to which a network met for the first time is added with
    // the next code (the codes are read, and kept, under the lock of networks: none can be taken meanwhile).
    private sealed class CopyWriter(NpgsqlBinaryImporter copy, Dictionary<string, short> codes) : IStageWriter<Post>
    {
        public long Written { get; private set; }

        /// <summary>The mentions of the rows written, for the second COPY (one COPY at a time on a connection).</summary>
        public List<(short Network, string PostId, string Handle)> Mentions { get; } = [];

        /// <summary>The networks met for the first time, with the codes the rows were written with.</summary>
        public List<(short Code, string Id)> Met { get; } = [];

        public async ValueTask WriteAsync(Post row, CancellationToken ct)
        {
            Written++;
            if (!codes.TryGetValue(row.Network, out var network))
            {
                network = checked((short)(codes.Count == 0 ? 0 : codes.Values.Max() + 1));
                codes[row.Network] = network;
                Met.Add((network, row.Network));
            }

            await copy.StartRowAsync(ct);
            await PostgresPostRow.WriteColumnsAsync(copy, network, row, ct);
            foreach (var handle in row.Mentions)
            {
                Mentions.Add((network, row.PostId, handle));
            }
        }

        // No row repeats a key here: a repeated key fails the build of the primary key, and the
        // load is rolled back and staged instead (where repeats are counted).
        public async Task<long> CompleteAsync(CancellationToken ct)
        {
            await copy.CompleteAsync(ct);
            return 0;
        }

        public ValueTask DisposeAsync() => copy.DisposeAsync();
    }
}
