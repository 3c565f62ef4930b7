namespace Engagement.Data.Store.Migrations;

/// <summary>
/// Indexes the accounts by brand: the web app reads one brand's accounts (its edit form, its
/// collection progress) where the primary key (network, handle) would scan all of them, about
/// 100 ms a page at 30,000 brands (bench/scripts/pages.sh, issue 15).
/// </summary>
public sealed class Migration0013AccountsByBrand : IMigration
{
    public int Version => 13;

    public string Name => "accounts_by_brand";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" or "postgres" => """CREATE INDEX IF NOT EXISTS "accounts_by_brand" ON "accounts" ("brand", "network");""",
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };
}
