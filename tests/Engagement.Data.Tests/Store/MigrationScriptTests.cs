using System.Security.Cryptography;
using System.Text;
using Engagement.Data.Store;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// A migration is frozen once released: stores that ran it must not see it change. Several
/// scripts are built from shared code (column lists, the mark and data-version trigger text, the
/// network-code lookups), so a later change to that code could rewrite an old migration silently;
/// these digests of every script as released make that a failing test instead. A new migration
/// adds its lines; an intended change to a released one is a new migration, not a new digest.
/// </summary>
public sealed class MigrationScriptTests
{
    private static readonly Dictionary<(int Version, string Dialect), string> Released = new()
    {
        [(1, "postgres")] = "82d0cce928e65e09b19b57fb2d3a784ed9c509a020b6f19632c870c22aa0f8ea",
        [(1, "sqlite")] = "d5a3491c9318a8981cba4de9794afa6d6c5fc66e9f8bb928647b11f011862980",
        [(2, "postgres")] = "a53e3453c1c72891e4e3a7df93a00f2e8dc86bdb8b9ba555fb2900c8d7804548",
        [(2, "sqlite")] = "6dbdf39a53c786a0bfa7322ccd60b121382ab8539158751b494ddd4434186443",
        [(3, "postgres")] = "5cd6841e33cfddf833d8e5a4ca156e46b289bc293dad50401d8680ec4afea1e5",
        [(3, "sqlite")] = "1df78dce98ecc8277c4d38c5abcd263395772df4b29947551bf254e01f067140",
        [(4, "postgres")] = "546f323054b97ed0f6f1ff759fc697e251279de9cb19ce308077435790420538",
        [(4, "sqlite")] = "369c61b6779b1c25c80c2bf03eba996c06fe162112ba1ac3c1795361ed2e5caa",
        [(5, "postgres")] = "cedd5d1467dc2086e2aca920db3127755b3d44b8ac7e1be4d04773d1d09e5662",
        [(5, "sqlite")] = "89539c47f83a196d3395a11ee1f6e6d9b9063413054d0d83cb584ebde47be552",
        [(6, "postgres")] = "670844c6eca420ed8c173f4cd08a269426f4585ae4e0cc5727c8696e88cf704a",
        [(6, "sqlite")] = "8082eeb145011e6e2a89086d7ddb6a80706b22670e515e831182c814068cd360",
        [(7, "postgres")] = "5b010f73ae02f281d533f4944b0f6902caa6a849f99ded815235ea0f90b26a25",
        [(7, "sqlite")] = "4fdf0e26b325fbb55107ba294c9f8bb34515857e68a381c9d9be79841ae2d719",
        [(8, "postgres")] = "8a5ef830b28c2b3b12139e9a683eaac9c8dd7f573cd5b7b7240543f177349508",
        [(8, "sqlite")] = "2ad39fc9ae51a4b3096887b8c19a43419c2abcdb87cbc23a179a9c37d78cf5db",
        [(9, "postgres")] = "7051ce060e38851bbabcc2c65829bc0b7122c80fa18bfd63534e67cbe4e4fbdd",
        [(9, "sqlite")] = "d44d3f62c59c8059aba1abfcf9c2eba31c0e58063148f02cbdee56d1e4a96ba5",
        [(10, "postgres")] = "886a44fac3b010f793f45b1592834fb41604843ab6d105e77736e67265c75a19",
        [(10, "sqlite")] = "886a44fac3b010f793f45b1592834fb41604843ab6d105e77736e67265c75a19",
        [(11, "postgres")] = "f8a1a5e66ec635e9e6ab707cb41bb53727251625af0ac0beac51328e8cb216b5",
        [(11, "sqlite")] = "53e73ae01360d316b7efb654e5a4c703558705e2006a0beb79a67ee5b749a605",
        [(13, "postgres")] = "738c141ad71cc224fe86b65dda8b2e9590b5e201868b535a7cf9e3b545aec1c7",
        [(13, "sqlite")] = "738c141ad71cc224fe86b65dda8b2e9590b5e201868b535a7cf9e3b545aec1c7",
        [(14, "postgres")] = "0ad40e37a12dfaafcbe1641e46878f58f5587275d4d81a7b0bac28491b2fe113",
        [(14, "sqlite")] = "cc1f702314057539ce8db66d1c1046955e7656f3ffa07da2e9a6d0e794cb3b63",
        [(15, "postgres")] = "f4e885604ccf0d280a7eba470608bd74cd5de67194ca30834e997f65c2f795d9",
        [(15, "sqlite")] = "17a4233de1495ee454de77678ca1eda81fe51bc341660aab6faeb7c4b917e00b",
    };

    private static IEnumerable<TestCaseData> Scripts() =>
        from migration in StoreMigrator.All
        from dialect in new[] { "sqlite", "postgres" }
        select new TestCaseData(migration.Version, dialect).SetName($"Migration {migration.Version} on {dialect} is as released");

    [TestCaseSource(nameof(Scripts))]
    public void Script_is_as_released(int version, string dialect)
    {
        var script = StoreMigrator.All.Single(migration => migration.Version == version).Script(dialect);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)));

        Assert.That(Released.TryGetValue((version, dialect), out var released), Is.True, $"no released digest for migration {version} on {dialect}: {digest}");
        Assert.That(digest, Is.EqualTo(released), $"migration {version}'s {dialect} script changed since its release");
    }
}
