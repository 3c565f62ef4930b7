using System.Globalization;

namespace Engagement.Data.Tests.Store.Aggregates;

/// <summary>
/// A random data set (brands, accounts, posts, followers CSV lines) where every way a post can
/// concern an account occurs, with post ids whose order is not their time order: see
/// <see cref="AggregateScanTests"/>.
/// </summary>
internal sealed class ScanDataSet
{
    private const string PostsHeader = "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views";
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly Random _random;
    private readonly int _brands;
    private readonly List<string> _posts = [PostsHeader];
    private readonly List<(string Network, string Id, string Author, DateTime At)> _own = [];

    public ScanDataSet(Random random, int brands)
    {
        _random = random;
        _brands = brands;
        for (var b = 0; b < brands; b++)
        {
            foreach (var network in Networks(b))
            {
                OwnPosts(network, Brand(network, b));
            }
        }

        // Users reply, mention, and are answered; brands answer each other.
        foreach (var (network, id, author, at) in _own.ToList())
        {
            for (var r = _random.Next(0, 5); r > 0; r--)
            {
                UserReply(network, id, author, at);
            }

            if (_random.Next(4) == 0)
            {
                var other = Brand(network, _random.Next(brands));
                var answer = Post(network, other, at.AddMinutes(_random.Next(1, 3_000)), id, author, Mentions(network, author));
                _own.Add((network, answer, other, at));
            }
        }

        for (var m = 0; m < brands * 4; m++)
        {
            var network = _random.Next(2) == 0 ? "mastodon" : "bluesky";
            Post(network, Fan(network), Instant(), null, null, Mentions(network, null));
        }

        // Users mentioning a brand on the day it posted, answered like the replies: a day's
        // response times then come from both kinds of user post.
        foreach (var (network, _, author, at) in _own.ToList())
        {
            for (var m = _random.Next(0, 3); m > 0; m--)
            {
                var mention = Post(network, Fan(network), at.AddMinutes(_random.Next(0, 600)), null, null, author);
                if (_random.Next(2) == 0)
                {
                    Post(network, author, at.AddMinutes(_random.Next(600, 1_200)), mention, Fan(network), null);
                }
            }
        }
    }

    public IEnumerable<(string File, List<string> Lines)> Files()
    {
        var brands = new List<string> { "brand,name,industry" };
        var accounts = new List<string> { "brand,network,handle" };
        var followers = new List<string> { "network,handle,date,followers" };
        for (var b = 0; b < _brands; b++)
        {
            brands.Add($"b{b},Brand {b},retail");
            foreach (var network in Networks(b))
            {
                accounts.Add($"b{b},{network},{Brand(network, b)}");
                for (var month = 1 + (b % 3); month <= 4; month += 1 + (b % 2))
                {
                    followers.Add($"{network},{Brand(network, b)},2024-0{month}-0{1 + (b % 9)},{100 + (b * month)}");
                }
            }
        }

        return [("brands", brands), ("accounts", accounts), ("posts", _posts), ("followers", followers)];
    }

    // Brand 0 has no Bluesky account: its handle is an untracked author there. Every third brand
    // is on YouTube too: a third network, scanned after the first two (AggregateScan reads two at once).
    private static string[] Networks(int brand) => brand % 7 == 0 ? ["mastodon"] : brand % 3 == 0 ? ["mastodon", "bluesky", "youtube"] : ["mastodon", "bluesky"];

    private static string Brand(string network, int b) => network switch
    {
        "mastodon" => $"brand{b}@x.example",
        "youtube" => $"brand{b}tube",
        _ => $"brand{b}.bsky.social",
    };

    private string Fan(string network) => network switch
    {
        "mastodon" => $"fan{_random.Next(30)}@y.example",
        "youtube" => $"fan{_random.Next(30)}tube",
        _ => $"fan{_random.Next(30)}.bsky.social",
    };

    private void OwnPosts(string network, string handle)
    {
        for (var p = _random.Next(0, 7); p > 0; p--)
        {
            var at = Instant();
            // A thread of its own now and then: a self-reply is a brand post, not an answer.
            var self = _own.LastOrDefault(own => own.Author == handle);
            var id = self.Id is not null && _random.Next(4) == 0
                ? Post(network, handle, at, self.Id, handle, Mentions(network, handle))
                : Post(network, handle, at, null, null, Mentions(network, handle));
            _own.Add((network, id, handle, at));
        }
    }

    private void UserReply(string network, string parent, string brand, DateTime at)
    {
        // Several on the day of the post, so that a day holds several response times.
        var posted = at.AddMinutes(_random.Next(-30, 600));
        var mentions = _random.Next(3) switch
        {
            0 => brand,                                               // counted once, by the reply
            1 => Mentions(network, null),
            _ => null,
        };
        var reply = Post(network, Fan(network), posted, parent, brand, mentions);
        for (var a = _random.Next(0, 3); a > 0; a--)
        {
            // Within the horizon, beyond it (8-9 days), or before the user post (never a response).
            var delay = _random.Next(5) switch
            {
                0 => TimeSpan.FromDays(8 + _random.NextDouble()),
                1 => TimeSpan.FromMinutes(-_random.Next(1, 50)),
                _ => TimeSpan.FromMinutes(_random.Next(0, 3_000)),
            };
            Post(network, brand, posted + delay, reply, Fan(network), null);
        }
    }

    // Zero to three handles: brands (tracked or not on this network), users, maybe the author.
    private string? Mentions(string network, string? author)
    {
        var handles = new List<string>();
        for (var m = _random.Next(0, 4); m > 0; m--)
        {
            handles.Add(_random.Next(5) switch
            {
                0 when author is not null => author,
                1 => Fan(network),
                _ => Brand(network, _random.Next(_brands)),
            });
        }

        var distinct = handles.Distinct().ToList();
        return distinct.Count == 0 ? null : string.Join(';', distinct);
    }

    private DateTime Instant() => Start.AddMinutes(_random.Next(0, 120 * 24 * 60));

    // A random id: their order is not the posts' time order. Returns it.
    private string Post(string network, string author, DateTime at, string? parent, string? parentAuthor, string? mentions)
    {
        var id = $"{_random.Next(0x10000):x4}-{_posts.Count}";
        var views = _random.Next(3) == 0 ? "" : _random.Next(1_000).ToString(CultureInfo.InvariantCulture);
        _posts.Add(string.Join(',', network, id, author, at.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            parent, parentAuthor, mentions, _random.Next(50), _random.Next(5), _random.Next(3), _random.Next(9), views));
        return id;
    }
}
