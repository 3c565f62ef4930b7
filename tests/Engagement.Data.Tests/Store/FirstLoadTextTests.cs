using System.Globalization;
using System.Text;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Domain.Model;
using Microsoft.Data.Sqlite;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// A SQLite first load binds its text as UTF-8 encoded on the parsing thread, from one buffer per
/// batch (<see cref="PostText"/>), where every other writer binds the strings and SQLite converts
/// them: the stored bytes must be the same, field by field, whatever the characters.
/// </summary>
public sealed class FirstLoadTextTests
{
    private const string Header = "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views\n";

    // One, two, three and four bytes in UTF-8 (the last a surrogate pair), a fullwidth letter, a
    // combining accent, and what quoted CSV keeps in an id: tabs, line breaks, quotes, commas.
    private static readonly string[] Handle = ["a", "b", "z", "0", "_", ".", "é", "ß", "€", "中", "😀", "𝔸", "Ａ", "e\u0301", "-"];
    private static readonly string[] Id = [.. Handle, "\t", "\n", "\r\n", "\"", ",", " ", ";"];

    private static readonly string[] Networks = ["mastodon", "bluesky", "youtube"];

    [Test]
    public async Task A_first_load_stores_every_text_field_byte_for_byte_as_a_staged_import_of_the_same_file()
    {
        await using var loaded = await TestStore.CreateAsync();
        await using var staged = await TestStore.CreateAsync();
        var posts = await WriteAsync(loaded, Posts(3_500));
        // A post already stored: the same file then goes through the staging table and the merge.
        await ImportAsync(staged, await WriteAsync(staged, Header + "x,elsewhere,nobody,2024-03-01T00:00:00Z,,,,0,0,0,0,\n"));

        var first = await ImportAsync(loaded, posts);
        var merged = await ImportAsync(staged, posts);

        Assert.That((first.Stored, first.Repeated, first.Rejected), Is.EqualTo((merged.Stored, merged.Repeated, merged.Rejected)));
        Assert.That(first.Repeated, Is.GreaterThan(0), "repeated keys: the later row replaced the earlier one");
        var stored = await BytesAsync(loaded, PostsSql);
        Assert.That(stored, Has.Count.EqualTo(first.Stored));
        Assert.That(stored, Is.EqualTo(await BytesAsync(staged, PostsSql)), "posts: every column's type and bytes");
        var mentions = await BytesAsync(loaded, MentionsSql);
        Assert.That(mentions, Has.Count.GreaterThan(1_000));
        Assert.That(mentions, Is.EqualTo(await BytesAsync(staged, MentionsSql)), "post_mentions");
        // The file's empty parents (quoted or not) are NULL on both paths; an empty string is the next test's.
        Assert.That(stored.Any(row => row.Contains("|null:|", StringComparison.Ordinal)), Is.True, "a NULL stored");
    }

    // The import's rules reject NUL and unpaired surrogates before a row reaches a writer; given
    // one anyway, the first load stores what binding the string itself has SQLite store.
    [Test]
    public async Task The_first_loads_writer_stores_nul_and_unpaired_surrogates_as_sqlite_converts_them()
    {
        string[] texts = ["a\0b", "\0", "x\uD800y", "\uDC00", "end\uD83D", "\uDE00\uD83D", "ok😀", "", "é\uD800"];
        await using var store = await TestStore.CreateAsync();

        var (stored, expected) = await store.Factory.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await using (var load = PostBulkLoad.Open(connection))
                {
                    for (var i = 0; i < texts.Length; i++)
                    {
                        var post = new Post("mastodon", i + texts[i], texts[i], 1_700_000_000 + i, texts[i], texts[i], [i + texts[i]], 1, 0, 0, 0, null);
                        await load.WriteAsync(post, ct);
                    }
                }

                using var read = new SqliteRawStatement((SqliteConnection)connection, """
                    SELECT p."author", p."in_reply_to_post", p."in_reply_to_author", p."post_id", m."handle"
                    FROM "posts" p JOIN "post_mentions" m ON m."network" = p."network" AND m."post_id" = p."post_id" ORDER BY p."created_at"
                    """);
                var rows = new List<string>();
                while (read.Read())
                {
                    rows.Add(string.Join('|', Enumerable.Range(0, 5).Select(column => read.IsNull(column) ? "NULL" : Convert.ToHexString(read.Utf8(column)))));
                }

                // What the string bound as UTF-16 becomes, as every other writer binds it.
                using var convert = new SqliteRawStatement((SqliteConnection)connection, "SELECT ?1, ?2");
                var wanted = new List<string>();
                for (var i = 0; i < texts.Length; i++)
                {
                    convert.Text(1, texts[i]).Text(2, i + texts[i]).Read();
                    var text = Convert.ToHexString(convert.Utf8(0));
                    var id = Convert.ToHexString(convert.Utf8(1));
                    wanted.Add($"{text}|{text}|{text}|{id}|{id}");
                    while (convert.Read())
                    {
                    }
                }

                return (rows, wanted);
            },
            CancellationToken.None);

        Assert.That(stored, Is.EqualTo(expected));
    }

    // Every column of posts, the network as its id (the two stores met their networks in another order).
    private static readonly string PostsSql = Row(
        """ "posts" p JOIN "networks" n ON n."code" = p."network" WHERE n."id" <> 'x' """,
        [.. PostColumns.All.Select(column => column == "network" ? "n.\"id\"" : $"p.\"{column}\"")]);

    private static readonly string MentionsSql = Row(
        """ "post_mentions" m JOIN "networks" n ON n."code" = m."network" """, ["n.\"id\"", "m.\"post_id\"", "m.\"handle\""]);

    // One line per row: every column as its type and its bytes in hex; the lines sorted.
    private static string Row(string from, string[] columns) =>
        $"SELECT '|' || {string.Join(" || '|' || ", columns.Select(column => $"typeof({column}) || ':' || hex({column})"))} || '|' FROM {from} ORDER BY 1";

    private static async Task<List<string>> BytesAsync(TestStore store, string sql) => [.. await store.QueryAsync<string>(sql)];

    private static async Task<FileImportResult> ImportAsync(TestStore store, string path) =>
        (await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([path])).Files.Single();

    private static async Task<string> WriteAsync(TestStore store, string text)
    {
        var path = Path.Combine(store.TempFolder(Guid.NewGuid().ToString("N")), "posts.csv");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    // Rows of every length next to each other, the networks in runs, parents null, empty or set,
    // some keys repeated later with other text and mentions.
    private static string Posts(int count)
    {
        var random = new Random(16);
        var csv = new StringBuilder(Header);
        var network = Networks[0];
        var ids = new List<(string Network, string Id)>();
        for (var i = 0; i < count; i++)
        {
            if (random.Next(40) == 0)
            {
                network = Networks[random.Next(Networks.Length)];
            }

            var (rowNetwork, id) = i > 100 && random.Next(100) == 0 ? ids[random.Next(ids.Count)] : (network, i.ToString(CultureInfo.InvariantCulture) + Text(random, Id, 14));
            ids.Add((rowNetwork, id));
            var parent = (i % 3) switch { 0 => "", 1 => Quote(Text(random, Id, 14)), _ => "\"\"" };
            var parentAuthor = (i % 4) switch { 0 => "", 1 => "\"\"", _ => Text(random, Handle, 10, "p") };
            var mentions = string.Join(';', Enumerable.Range(0, random.Next(4)).Select(m => Text(random, Handle, 8, "m" + m)));
            var views = random.Next(3) == 0 ? "" : random.Next(1000).ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{rowNetwork},{Quote(id)},{Text(random, Handle, 10, "a")},2024-03-02T09:00:00Z,{parent},{parentAuthor},{mentions},{random.Next(50)},1,2,3,{views}\n");
        }

        return csv.ToString();
    }

    private static string Text(Random random, string[] parts, int most, string prefix = "") =>
        prefix + string.Concat(Enumerable.Range(0, random.Next(most + 1)).Select(_ => parts[random.Next(parts.Length)]));

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
