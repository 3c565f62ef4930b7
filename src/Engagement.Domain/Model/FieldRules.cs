using System.Globalization;
using System.Text.RegularExpressions;

namespace Engagement.Domain.Model;

/// <summary>
/// The one rule set for stored fields, shared by the API's writes, the CSV import and the
/// collectors: instants within [earliest, now + ahead], names and handles of bounded length
/// without control characters or broken UTF-16, and account handles in their network's syntax.
/// Each check returns why the value is refused, or null. Whatever passes can be exported and
/// imported again unchanged.
/// </summary>
public sealed partial class FieldRules(FieldLimits limits, TimeProvider clock)
{
    // A host name of two or more labels (the instance of a Mastodon account, a Bluesky handle).
    private const string Domain = @"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+";

    public static FieldRules Default { get; } = new(new FieldLimits(), TimeProvider.System);

    public FieldLimits Limits { get; } = limits;

    public long EarliestMicros => UtcMicros.FromDateTimeOffset(Limits.EarliestInstant);

    public long LatestMicros => UtcMicros.FromDateTimeOffset(clock.GetUtcNow() + Limits.MaxAhead);

    public DateOnly EarliestDay => UtcMicros.DayOf(EarliestMicros);

    public DateOnly LatestDay => UtcMicros.DayOf(LatestMicros);

    /// <summary>An instant (microseconds since the epoch) outside the accepted range.</summary>
    public string? InstantProblem(long micros) =>
        micros < EarliestMicros || micros > LatestMicros
            ? $"out of range: instants must lie between {Format(EarliestMicros)} and {Format(LatestMicros)} (now + {Limits.MaxAhead.TotalHours:0.##} h)"
            : null;

    /// <summary>A UTC day (a follower snapshot's) outside the accepted range.</summary>
    public string? DayProblem(DateOnly day) =>
        day < EarliestDay || day > LatestDay
            ? $"out of range: dates must lie between {EarliestDay:yyyy-MM-dd} and {LatestDay:yyyy-MM-dd}"
            : null;

    /// <summary>A brand's display name: 1 to MaxNameLength characters, no control character, not only spaces.</summary>
    public string? NameProblem(string name) =>
        string.IsNullOrWhiteSpace(name) ? "the name is empty"
        : TextProblem(name, Limits.MaxNameLength, "name", lineBreaks: true);

    /// <summary>
    /// A tracked account's normalised handle in its network's syntax: Mastodon <c>user@instance</c>,
    /// Bluesky a domain name, YouTube a handle or channel id, X a username (1-15 of a-z 0-9 _),
    /// Instagram a username (1-30 of a-z 0-9 . _), Facebook a Page username or id; other networks the common rules.
    /// </summary>
    public string? AccountHandleProblem(string network, string handle) =>
        HandleProblem(handle) ?? network switch
        {
            "mastodon" when !MastodonHandle().IsMatch(handle) => $"'{Shorten(handle)}' is not a Mastodon handle user@instance",
            "bluesky" when !BlueskyHandle().IsMatch(handle) || handle.Length > 253 => $"'{Shorten(handle)}' is not a Bluesky handle (a domain name such as name.bsky.social)",
            "youtube" when !YouTubeHandle().IsMatch(handle) => $"'{Shorten(handle)}' is not a YouTube handle (3-30 of a-z 0-9 . _ -) or channel id",
            "x" when !XHandle().IsMatch(handle) => $"'{Shorten(handle)}' is not an X username (1-15 of a-z 0-9 _)",
            "instagram" when !InstagramHandle().IsMatch(handle) => $"'{Shorten(handle)}' is not an Instagram username (1-30 of a-z 0-9 . _)",
            "facebook" when !FacebookHandle().IsMatch(handle) => $"'{Shorten(handle)}' is not a Facebook Page username or id (a-z 0-9 . -)",
            _ => null,
        };

    /// <summary>Any normalised handle (a post's author, a mention): bounded, no spaces, control characters or ';'.</summary>
    public string? HandleProblem(string handle) =>
        handle.Length == 0 ? "handle is empty once the leading @ is removed"
        : TextProblem(handle, Limits.MaxHandleLength, "handle", lineBreaks: false)
        ?? (HasSeparator(handle) ? $"handle '{Shorten(handle)}' contains a space, ';' or ','" : null);

    /// <summary>A post id: bounded, no control characters but line breaks and tabs (quoted CSV keeps those).</summary>
    public string? PostIdProblem(string id) => TextProblem(id, Limits.MaxHandleLength, "post id", lineBreaks: true);

    /// <summary>The first rule a post breaks (ids, handles, instant), or null.</summary>
    public string? PostProblem(Post post)
    {
        ArgumentNullException.ThrowIfNull(post);
        return PostIdProblem(post.PostId)
            ?? HandleProblem(post.Author)
            ?? InstantProblem(post.CreatedAt)
            ?? (post.InReplyToPost is { } parent ? PostIdProblem(parent) : null)
            ?? (post.InReplyToAuthor is { } parentAuthor ? HandleProblem(parentAuthor) : null)
            ?? post.Mentions.Select(HandleProblem).FirstOrDefault(problem => problem is not null);
    }

    // A loop, not LINQ over the string: every post's author is checked, and the enumerator and the
    // delegate calls were ~2 % of an import's samples (issue 16).
    private static bool HasSeparator(string handle)
    {
        foreach (var c in handle)
        {
            if (char.IsWhiteSpace(c) || c is ';' or ',')
            {
                return true;
            }
        }

        return false;
    }

    // Tabs and line breaks survive a CSV round trip (quoted); NUL, other control characters and
    // unpaired surrogates do not (the export cannot be read back, or not as it was).
    private static string? TextProblem(string text, int max, string what, bool lineBreaks)
    {
        if (text.Length > max)
        {
            return $"{what} is longer than {max} characters ({text.Length.ToString(CultureInfo.InvariantCulture)})";
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((char.IsControl(c) && !(lineBreaks && c is '\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF' or '\uFEFF')
            {
                return $"{what} contains the control character U+{(int)c:X4}";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"{what} contains an unpaired surrogate U+{(int)c:X4}";
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "...");

    private static string Format(long micros) =>
        UtcMicros.ToDateTimeOffset(micros).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\A[a-z0-9_](?:[a-z0-9_.-]{0,62}[a-z0-9_])?@" + Domain + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex MastodonHandle();

    [GeneratedRegex(@"\A" + Domain + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex BlueskyHandle();

    [GeneratedRegex(@"\A(?:[a-z0-9._-]{3,30}|uc[a-z0-9_-]{22})\z", RegexOptions.CultureInvariant)]
    private static partial Regex YouTubeHandle();

    [GeneratedRegex(@"\A[a-z0-9_]{1,15}\z", RegexOptions.CultureInvariant)]
    private static partial Regex XHandle();

    [GeneratedRegex(@"\A[a-z0-9._]{1,30}\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstagramHandle();

    // Page usernames are letters, digits and dots; pages without one go by "name-id" or a numeric id.
    [GeneratedRegex(@"\A[a-z0-9][a-z0-9.-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FacebookHandle();
}
