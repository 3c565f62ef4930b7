using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Domain.Tests;

/// <summary>Small builders for test data: one brand account and the posts around it.</summary>
internal static class Build
{
    public const string Network = "mastodon";
    public const string Brand = "acme";
    public const string Handle = "acme@social.example";

    public static readonly DateOnly From = new(2024, 3, 1);
    public static readonly DateOnly To = new(2024, 3, 11);

    private static int _next;

    public static ReportWindow Window => new(From, To);

    public static long At(string iso) => UtcMicros.FromDateTimeOffset(DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture));

    public static Account Account(string brand = Brand, string handle = Handle, string network = Network) => new(brand, network, handle);

    public static Post Post(
        string author,
        string at,
        string? id = null,
        string? replyTo = null,
        string? replyToAuthor = null,
        string[]? mentions = null,
        long likes = 0,
        long shares = 0,
        long quotes = 0,
        long replies = 0,
        long? views = null,
        string network = Network) =>
        new(network, id ?? $"p{Interlocked.Increment(ref _next)}", author, At(at), replyTo, replyToAuthor, mentions ?? [], likes, shares, quotes, replies, views);

    public static FollowerSnapshot Followers(string date, long followers, string handle = Handle, string network = Network) =>
        new(network, handle, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), followers);

    public static AccountActivity Activity(IEnumerable<Post> posts, IEnumerable<FollowerSnapshot>? followers = null, Account? account = null)
    {
        var tracked = account ?? Account();
        var index = ActivityIndex.Build([tracked], posts, followers ?? []);
        return index.Find(tracked.Key)!;
    }

    public static AccountMeasures Measure(IEnumerable<Post> posts, IEnumerable<FollowerSnapshot>? followers = null, SufficiencySettings? settings = null) =>
        AccountMeasurer.Measure(Activity(posts, followers), Window, settings ?? SufficiencySettings.Default);
}
