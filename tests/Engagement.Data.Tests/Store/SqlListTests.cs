using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Store;

public sealed class SqlListTests(string provider) : StoreTests(provider)
{
    [TestCase(new string[0], new string[0])]
    [TestCase(new[] { "b" }, new[] { "b" })]
    [TestCase(new[] { "c", "a", "zz" }, new[] { "a", "c" })]
    public async Task A_spelled_out_list_selects_the_same_rows_on_every_engine(string[] ids, string[] expected)
    {
        await using var store = await CreateStoreAsync();
        foreach (var id in new[] { "a", "b", "c" })
        {
            await new BrandRepository(store.Factory).UpsertAsync(new Brand(id, id, null));
        }

        var parameters = new DynamicParameters(new { other = "b" });
        var sql = $"""SELECT "id" FROM "brands" WHERE "id" IN {SqlList.In("id", ids, parameters)} AND "id" <> @other ORDER BY "id" """;

        Assert.That(await store.QueryAsync<string>(sql, parameters), Is.EqualTo(expected.Where(id => id != "b")));
    }
}
