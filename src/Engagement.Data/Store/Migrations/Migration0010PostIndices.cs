namespace Engagement.Data.Store.Migrations;

/// <summary>
/// Drops <c>posts_by_reply_post</c>: no query looks posts up by the post they answer (the
/// aggregates match answers to user posts while reading an account's own posts, by author), yet
/// every import paid for it. At 3,000 brands it was 40 MB of a 308 MB store and ~10 % of the
/// posts insert's CPU (bench/RESULTS.md, issue 16).
/// </summary>
public sealed class Migration0010PostIndices : IMigration
{
    public int Version => 10;

    public string Name => "post_indices";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" or "postgres" => """DROP INDEX IF EXISTS "posts_by_reply_post";""",
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };
}
