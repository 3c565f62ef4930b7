namespace Engagement.Domain.Model;

/// <summary>What a marketer typed for an account: its network and handle, or why neither could be read from it.</summary>
public sealed record ProfileLink(string? Network, string Handle, string? Problem)
{
    public bool IsValid => Problem is null && Network is not null;

    internal static ProfileLink Found(string network, string handle) => new(network, Model.Handle.Normalize(handle), null);

    internal static ProfileLink Refused(string problem) => new(null, "", problem);
}

/// <summary>
/// Reads an account from a profile URL or a handle as people copy them: the address bar of the
/// network's site (https://mastodon.social/@alice, https://bsky.app/profile/x.bsky.social,
/// youtube.com/@handle or /channel/UC..., facebook.com/page, instagram.com/user, x.com/user or
/// twitter.com/user, tiktok.com/@user, threads.net/@user, linkedin.com/company/name), or a handle
/// with the network chosen beside it. Only the syntax of the address is read here; the handle's
/// rules are <see cref="FieldRules.AccountHandleProblem"/>'s.
/// </summary>
public static class ProfileLinks
{
    // The first path segment of these sites that names a page of the site, not an account.
    private static readonly HashSet<string> XReserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "home", "i", "search", "explore", "intent", "share", "settings", "messages", "notifications", "hashtag", "compose", "login", "signup", "tos", "privacy",
    };

    private static readonly HashSet<string> InstagramReserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "reel", "reels", "stories", "explore", "accounts", "direct", "tv",
    };

    private static readonly HashSet<string> FacebookReserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "groups", "events", "watch", "share", "sharer", "sharer.php", "login", "login.php", "marketplace", "gaming", "story.php", "photo.php", "permalink.php", "hashtag",
    };

    /// <summary>
    /// The account <paramref name="input"/> names. <paramref name="network"/> is the network chosen
    /// beside the field (null or empty: read it from the URL or from a Mastodon <c>user@instance</c>).
    /// </summary>
    public static ProfileLink Parse(string? input, string? network)
    {
        var text = input?.Trim() ?? "";
        var chosen = string.IsNullOrWhiteSpace(network) ? null : network.Trim().ToLowerInvariant();
        if (text.Length == 0)
        {
            return ProfileLink.Refused("enter a profile URL or a handle");
        }

        var link = LooksLikeUrl(text) ? FromUrl(text) : FromHandle(text, chosen);
        if (link.Problem is null && chosen is not null && link.Network != chosen)
        {
            return ProfileLink.Refused($"this address is on {Label(link.Network!)}, not {Label(chosen)}: choose {Label(link.Network!)} or paste the {Label(chosen)} profile");
        }

        return link;
    }

    private static bool LooksLikeUrl(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || (text.Contains('/', StringComparison.Ordinal) && !text.StartsWith('@'));

    private static ProfileLink FromHandle(string text, string? network)
    {
        var bare = text.TrimStart('@');
        if (network is null)
        {
            // user@instance is Mastodon's own form; anything else needs its network chosen.
            return bare.Contains('@', StringComparison.Ordinal)
                ? ProfileLink.Found("mastodon", bare)
                : ProfileLink.Refused($"choose the network of '{Shorten(text)}', or paste the profile's URL");
        }

        if (network == "bluesky" && bare.StartsWith("did:", StringComparison.OrdinalIgnoreCase))
        {
            return ProfileLink.Refused("a Bluesky DID is not a handle: paste the handle (name.bsky.social) or the profile URL");
        }

        return ProfileLink.Found(network, bare);
    }

    private static ProfileLink FromUrl(string text)
    {
        var absolute = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(absolute, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return ProfileLink.Refused($"'{Shorten(text)}' is not a web address");
        }

        var host = uri.Host.ToLowerInvariant();
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var first = segments.Length > 0 ? segments[0] : "";
        return Site(host) switch
        {
            "bluesky" => Bluesky(segments),
            "youtube" => YouTube(segments),
            "facebook" => Facebook(segments, uri.Query),
            "instagram" => Reserved(first, InstagramReserved) ? NotAProfile("Instagram", text) : Account("instagram", first, text),
            "x" => Reserved(first, XReserved) ? NotAProfile("X", text) : Account("x", first, text),
            "tiktok" => first.StartsWith('@') ? ProfileLink.Found("tiktok", first) : NotAProfile("TikTok", text),
            "threads" => first.StartsWith('@') ? ProfileLink.Found("threads", first) : NotAProfile("Threads", text),
            "linkedin" => segments.Length >= 2 && segments[0] is "company" or "in" or "showcase" ? ProfileLink.Found("linkedin", segments[1]) : NotAProfile("LinkedIn", text),
            _ => Mastodon(host, segments, text),
        };
    }

    private static string? Site(string host)
    {
        var bare = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        return bare switch
        {
            "bsky.app" or "staging.bsky.app" => "bluesky",
            "youtube.com" or "m.youtube.com" or "music.youtube.com" => "youtube",
            "facebook.com" or "m.facebook.com" or "web.facebook.com" or "business.facebook.com" or "fb.com" or "mbasic.facebook.com" => "facebook",
            "instagram.com" => "instagram",
            "x.com" or "twitter.com" or "mobile.twitter.com" or "mobile.x.com" => "x",
            "tiktok.com" or "m.tiktok.com" => "tiktok",
            "threads.net" or "threads.com" => "threads",
            "linkedin.com" => "linkedin",
            _ => null,
        };
    }

    private static ProfileLink Bluesky(string[] segments)
    {
        if (segments.Length < 2 || segments[0] != "profile")
        {
            return ProfileLink.Refused("a Bluesky profile URL looks like https://bsky.app/profile/name.bsky.social");
        }

        return segments[1].StartsWith("did:", StringComparison.OrdinalIgnoreCase)
            ? ProfileLink.Refused("this Bluesky URL names a DID, not a handle: open the profile and copy the address with its handle (name.bsky.social)")
            : ProfileLink.Found("bluesky", segments[1]);
    }

    private static ProfileLink YouTube(string[] segments)
    {
        if (segments.Length >= 1 && segments[0].StartsWith('@'))
        {
            return ProfileLink.Found("youtube", segments[0]);
        }

        if (segments.Length >= 2 && segments[0] == "channel")
        {
            return ProfileLink.Found("youtube", segments[1]);
        }

        return segments.Length >= 2 && segments[0] is "c" or "user"
            ? ProfileLink.Refused("a legacy YouTube URL (/c/ or /user/) does not give the channel: open the channel and copy its @handle or /channel/UC... address")
            : ProfileLink.Refused("a YouTube channel URL looks like https://www.youtube.com/@handle or https://www.youtube.com/channel/UC...");
    }

    private static ProfileLink Facebook(string[] segments, string query)
    {
        if (segments.Length >= 1 && segments[0] == "profile.php")
        {
            var id = System.Web.HttpUtility.ParseQueryString(query)["id"];
            return string.IsNullOrEmpty(id) ? NotAProfile("Facebook", "profile.php") : ProfileLink.Found("facebook", id);
        }

        // facebook.com/pages/Name/123 and facebook.com/people/Name/123: the id is the last part.
        if (segments.Length >= 3 && segments[0] is "pages" or "people")
        {
            return ProfileLink.Found("facebook", segments[2]);
        }

        return segments.Length == 0 || Reserved(segments[0], FacebookReserved)
            ? NotAProfile("Facebook", "/" + string.Join('/', segments))
            : ProfileLink.Found("facebook", segments[0]);
    }

    // Any other host: a Mastodon instance, whose profiles are /@user (or /@user@home.instance for a
    // remote account shown there) and /users/user.
    private static ProfileLink Mastodon(string host, string[] segments, string text)
    {
        string? user = segments.Length >= 1 && segments[0].StartsWith('@') ? segments[0][1..]
            : segments.Length >= 2 && segments[0] == "users" ? segments[1]
            : null;
        if (string.IsNullOrEmpty(user))
        {
            return ProfileLink.Refused($"'{Shorten(text)}' is not a profile address of a network we know (Mastodon profiles look like https://instance/@user)");
        }

        return ProfileLink.Found("mastodon", user.Contains('@', StringComparison.Ordinal) ? user : $"{user}@{host}");
    }

    private static ProfileLink Account(string network, string first, string text) =>
        first.Length == 0 ? NotAProfile(Label(network), text) : ProfileLink.Found(network, first);

    private static bool Reserved(string segment, HashSet<string> reserved) => segment.Length == 0 || reserved.Contains(segment);

    private static ProfileLink NotAProfile(string site, string text) =>
        ProfileLink.Refused($"'{Shorten(text)}' is a page of {site}, not a profile: open the account and copy its address");

    /// <summary>How a network is named to people.</summary>
    public static string Label(string network) => network switch
    {
        "mastodon" => "Mastodon",
        "bluesky" => "Bluesky",
        "youtube" => "YouTube",
        "facebook" => "Facebook",
        "instagram" => "Instagram",
        "x" => "X",
        "tiktok" => "TikTok",
        "threads" => "Threads",
        "linkedin" => "LinkedIn",
        _ => network,
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "...");
}
