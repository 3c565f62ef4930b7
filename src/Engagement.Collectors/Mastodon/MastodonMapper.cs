using Engagement.Domain.Model;

namespace Engagement.Collectors.Mastodon;

/// <summary>Account ids of one instance to normalised <c>user@instance</c> handles.</summary>
internal sealed class MastodonNames(string instance)
{
    private readonly Dictionary<string, string> _byId = new(StringComparer.Ordinal);

    /// <summary>An <c>acct</c> as a handle: local accounts get the instance appended, then normalised.</summary>
    public string Qualify(string acct) => Handle.Normalize(acct.Contains('@', StringComparison.Ordinal) ? acct : $"{acct}@{instance}");

    public void Learn(string id, string handle) => _byId[id] = handle;

    public void Learn(MastodonStatus status)
    {
        if (status.Account is { Acct: { } acct } account)
        {
            _byId[account.Id] = Qualify(acct);
        }

        foreach (var mention in status.Mentions ?? [])
        {
            if (mention.Acct is { } mentioned)
            {
                _byId[mention.Id] = Qualify(mentioned);
            }
        }
    }

    public string? Resolve(string id) => _byId.GetValueOrDefault(id);
}

/// <summary>Mastodon statuses as domain posts.</summary>
internal static class MastodonMapper
{
    /// <summary>
    /// The post of a status; null for a boost or a status without its author.
    /// <paramref name="parentAuthor"/> is the author of the status it replies to, read from that
    /// status (never from <c>in_reply_to_account_id</c>, which a self-thread carries over).
    /// </summary>
    public static Post? ToPost(MastodonStatus status, MastodonNames names, string? parentAuthor)
    {
        if (status.Reblog is not null || status.Account?.Acct is not { } acct || status.Id.Length == 0)
        {
            return null;
        }

        var mentions = (status.Mentions ?? [])
            .Select(m => m.Acct)
            .OfType<string>()
            .Select(names.Qualify)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        return new Post(
            CollectorNetworks.Mastodon,
            status.Id,
            names.Qualify(acct),
            UtcMicros.FromDateTimeOffset(status.CreatedAt),
            status.InReplyToId,
            status.InReplyToId is null ? null : parentAuthor,
            mentions,
            Math.Max(0, status.FavouritesCount),
            Math.Max(0, status.ReblogsCount),
            Math.Max(0, status.QuotesCount ?? 0),
            Math.Max(0, status.RepliesCount),
            Views: null);
    }
}
