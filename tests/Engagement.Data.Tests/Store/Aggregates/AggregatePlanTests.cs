using System.Data.Common;
using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;

namespace Engagement.Data.Tests.Store.Aggregates;

/// <summary>
/// SQLite plans without statistics: each statement of the aggregates must loop over the staged
/// rows (or the batch of accounts) and reach everything else by key. A plan that loops over the
/// accounts and scans the staged posts of a network for each is quadratic (it once took 45 s
/// for 300,000 posts).
/// </summary>
public sealed class AggregatePlanTests
{
    private static readonly string[] Outer = ["SCAN s", "SCAN m", "SCAN b"];

    [Test]
    public async Task Every_statement_reads_by_key_from_the_staged_rows_or_the_batch()
    {
        await using var store = await TestStore.CreateAsync();
        await using var connection = await store.Factory.OpenAsync();
        await connection.ExecuteAsync($"""
            CREATE TEMP TABLE "{StagingTables.Posts}" ("network" TEXT NOT NULL, "post_id" TEXT NOT NULL, "author" TEXT NOT NULL,
                "created_at" BIGINT NOT NULL, "in_reply_to_post" TEXT NULL, "in_reply_to_author" TEXT NULL,
                "likes" BIGINT NOT NULL, "shares" BIGINT NOT NULL, "quotes" BIGINT NOT NULL, "replies" BIGINT NOT NULL, "views" BIGINT NULL,
                PRIMARY KEY ("network", "post_id")) WITHOUT ROWID;
            CREATE TEMP TABLE "{StagingTables.PostMentions}" ("network" TEXT NOT NULL, "post_id" TEXT NOT NULL, "handle" TEXT NOT NULL,
                PRIMARY KEY ("network", "post_id", "handle")) WITHOUT ROWID;
            CREATE TEMP TABLE "{StagingTables.PostMentionsChanged}" ("network" INTEGER NOT NULL, "post_id" TEXT NOT NULL,
                PRIMARY KEY ("network", "post_id")) WITHOUT ROWID;
            CREATE TEMP TABLE "{StagingTables.Followers}" ("network" TEXT NOT NULL, "handle" TEXT NOT NULL, "date" TEXT NOT NULL,
                "followers" BIGINT NOT NULL, PRIMARY KEY ("network", "handle", "date")) WITHOUT ROWID;
            CREATE TEMP TABLE "aggregate_batch" ("network" TEXT NOT NULL, "handle" TEXT NOT NULL, "id" INTEGER NOT NULL,
                PRIMARY KEY ("network", "handle")) WITHOUT ROWID;
            """);

        foreach (var sql in AggregateMarks.Statements.Concat(AggregateRefresher.ReadStatements))
        {
            var plan = await PlanAsync(connection, sql);
            var scans = plan.Where(line => line.StartsWith("SCAN ", StringComparison.Ordinal)).ToList();
            Assert.That(scans, Has.Count.EqualTo(1).And.All.AnyOf(Outer.Cast<object>().ToArray()), $"{sql}\n{string.Join("\n", plan)}");
        }
    }

    [Test]
    public async Task The_scan_reads_each_table_along_its_key_without_a_sort()
    {
        await using var store = await TestStore.CreateAsync();
        await using var connection = await store.Factory.OpenAsync();
        foreach (var sql in AggregateScan.ScanStatements)
        {
            // A sort (a temporary B-tree) would hold a whole table; another index, a lookup per row.
            var plan = await PlanAsync(connection, sql.Replace("?1", "'mastodon'", StringComparison.Ordinal));
            Assert.That(plan, Has.Count.EqualTo(1).And.One.Match("^(SEARCH|SCAN) [a-z_]+( USING PRIMARY KEY.*)?$"), $"{sql}\n{string.Join("\n", plan)}");
            Assert.That(plan[0], Does.Not.Contain("INDEX"), sql);
        }
    }

    private static async Task<List<string>> PlanAsync(DbConnection connection, string sql) =>
        (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>($"EXPLAIN QUERY PLAN {sql}"))
            .Select(row => row.Detail.Trim()).ToList();
}
