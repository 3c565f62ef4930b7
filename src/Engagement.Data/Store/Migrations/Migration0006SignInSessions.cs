namespace Engagement.Data.Store.Migrations;

/// <summary>
/// <c>sign_in_sessions</c>: the server side of the pages' sign-in cookie. The cookie holds a random
/// session id, never the API key; the table keeps its hash, the key it signed in with, its expiry
/// and its revocation (sign-out). A session is valid while it is neither expired nor revoked and
/// its key is not revoked.
/// </summary>
public sealed class Migration0006SignInSessions : IMigration
{
    public int Version => 6;

    public string Name => "sign_in_sessions";

    public string Script(string dialect) => dialect switch
    {
        "sqlite" => Sql("INTEGER", "TEXT"),
        "postgres" => Sql("BIGINT", "TEXT COLLATE \"C\""),
        _ => throw new NotSupportedException($"migration {Version} has no script for {dialect}"),
    };

    private static string Sql(string integer, string key) => $"""
        CREATE TABLE "sign_in_sessions" (
            "id_hash" {key} NOT NULL PRIMARY KEY,
            "key_id" {integer} NOT NULL REFERENCES "api_keys" ("id") ON DELETE CASCADE,
            "created_at" {integer} NOT NULL,
            "expires_at" {integer} NOT NULL,
            "revoked_at" {integer} NULL
        );

        CREATE INDEX "sign_in_sessions_by_expiry" ON "sign_in_sessions" ("expires_at");
        """;
}
