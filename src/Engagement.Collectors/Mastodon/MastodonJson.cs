using System.Text.Json.Serialization;

namespace Engagement.Collectors.Mastodon;

/// <summary>The fields of a Mastodon Account entity the collector reads (docs.joinmastodon.org/entities/Account).</summary>
public sealed class MastodonAccount
{
    public string Id { get; init; } = "";

    public string? Username { get; init; }

    /// <summary><c>user</c> for an account of the answering instance, <c>user@domain</c> otherwise.</summary>
    public string? Acct { get; init; }

    public long FollowersCount { get; init; }

    public bool Suspended { get; init; }

    /// <summary>Set when the account moved (the Mastodon way of renaming).</summary>
    public MastodonAccount? Moved { get; init; }
}

public sealed class MastodonMention
{
    public string Id { get; init; } = "";

    public string? Acct { get; init; }
}

/// <summary>The fields of a Status entity the collector reads (docs.joinmastodon.org/entities/Status).</summary>
public sealed class MastodonStatus
{
    public string Id { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public string? InReplyToId { get; init; }

    public string? InReplyToAccountId { get; init; }

    public MastodonAccount? Account { get; init; }

    /// <summary>Set on a boost; boosts are never stored.</summary>
    public MastodonStatus? Reblog { get; init; }

    public IReadOnlyList<MastodonMention>? Mentions { get; init; }

    public long FavouritesCount { get; init; }

    public long ReblogsCount { get; init; }

    public long RepliesCount { get; init; }

    /// <summary>Only servers with quote posts (4.4+) send it.</summary>
    public long? QuotesCount { get; init; }
}

public sealed class MastodonContext
{
    public IReadOnlyList<MastodonStatus>? Ancestors { get; init; }

    public IReadOnlyList<MastodonStatus>? Descendants { get; init; }
}

/// <summary>One page of an account's statuses and the next page, from the <c>Link</c> header.</summary>
public sealed record MastodonPage(IReadOnlyList<MastodonStatus> Statuses, Uri? Next);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(MastodonAccount))]
[JsonSerializable(typeof(List<MastodonStatus>))]
[JsonSerializable(typeof(MastodonContext))]
internal sealed partial class MastodonJsonContext : JsonSerializerContext;
