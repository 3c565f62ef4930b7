namespace Engagement.Collectors.Tests.Infrastructure;

/// <summary>
/// The recorded self-threads of shop@social.example, as Mastodon serves them: S1 (shop's post),
/// R1 (erin asks), A1 (shop answers erin), A2 (shop continues its own answer) and R2 (erin
/// continues her own reply, without mentioning shop). Mastodon carries
/// <c>in_reply_to_account_id</c> over along a self-thread: A2 says erin, R2 says shop.
/// </summary>
public static class MastodonSelfThreadFake
{
    public const string Handle = "shop@social.example";
    public const string Statuses = "/api/v1/accounts/120000000000000001/statuses";
    public const string S1 = "114100000000000001";
    public const string R1 = "114100000000000002";
    public const string A1 = "114100000000000003";
    public const string A2 = "114100000000000004";
    public const string R2 = "114100000000000005";

    /// <param name="statuses">The account's statuses page (default: the recorded one).</param>
    public static FakeApi ServeMastodonSelfThread(this FakeApi api, TimeProvider time, string? statuses = null)
    {
        api.On(MastodonFake.Lookup, request => request.Query["acct"] == Handle
            ? Reply.Fixture("mastodon-self-thread/lookup.json", MastodonFake.Limits(time))
            : new Reply(404, """{"error":"Record not found"}""", MastodonFake.Limits(time)));
        api.On(Statuses, request => request.Query["max_id"].Count == 0
            ? Reply.Json(statuses ?? Fixtures.Read("mastodon-self-thread/statuses.json"), MastodonFake.Limits(time))
            : Reply.Json("[]", MastodonFake.Limits(time)));
        api.On(MastodonFake.Context(S1), _ => Reply.Fixture("mastodon-self-thread/context-s1.json", MastodonFake.Limits(time)));
        api.On(MastodonFake.Context(A1), _ => Reply.Fixture("mastodon-self-thread/context-a1.json", MastodonFake.Limits(time)));
        api.On(MastodonFake.Context(A2), _ => Reply.Fixture("mastodon-self-thread/context-a2.json", MastodonFake.Limits(time)));
        return api;
    }
}
