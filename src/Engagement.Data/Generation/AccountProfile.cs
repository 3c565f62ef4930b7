using Engagement.Domain.Model;

namespace Engagement.Data.Generation;

/// <summary>One account of a brand on one network: its audience and the posts around it.</summary>
internal sealed class AccountProfile
{
    private readonly GeneratorOptions _options;
    private readonly BrandProfile _brand;
    private readonly string _network;
    private readonly long _followers;
    private readonly double _dailyGrowth;
    private readonly int _seed;

    private AccountProfile(GeneratorOptions options, BrandProfile brand, string network)
    {
        _options = options;
        _brand = brand;
        _network = network;
        _seed = RandomShapes.Seed(options.Seed, brand.Index, IndexOf(options.Networks, network));
        var random = new Random(_seed);
        // Log-normal audience: median ~1,600, from tens to millions.
        _followers = Math.Clamp((long)Math.Exp(RandomShapes.Gaussian(random, 7.4, 1.9)), 12, 40_000_000);
        _dailyGrowth = RandomShapes.Gaussian(random, 0.001, 0.002);
        Handle = brand.Handle(network);
    }

    public string Handle { get; }

    public static AccountProfile Create(GeneratorOptions options, BrandProfile brand, string network) => new(options, brand, network);

    public long FollowersOn(int day) => Math.Max(0, (long)(_followers * Math.Pow(1 + _dailyGrowth, day + 1)));

    public IEnumerable<Post> Posts()
    {
        var random = new Random(RandomShapes.Seed(_seed, 0, 1));
        long start = UtcMicros.StartOf(_options.Start);
        long span = _options.Days * UtcMicros.PerDay;
        int brandPosts = RandomShapes.Poisson(random, _brand.PostsPerDay * _options.Days * (_network == "youtube" ? 0.3 : 1));
        // Conversation grows sub-linearly with the audience.
        double userPostsPerPost = 0.15 * Math.Pow(_followers, 0.3) * _brand.Quality;
        bool views = GeneratorOptions.HasViews(_network);
        int serial = 0;

        for (int i = 0; i < brandPosts; i++)
        {
            long at = start + (long)(random.NextDouble() * span);
            double expected = 0.05 * Math.Pow(_followers, 0.65) * _brand.Quality;
            long likes = (long)(expected * Math.Exp(RandomShapes.Gaussian(random, 0, 0.7)));
            var postId = $"{Handle}-{serial++}";
            yield return new Post(
                _network, postId, Handle, at, null, null, [],
                likes, likes / 6, likes / 40, likes / 12,
                views ? (long)(_followers * (0.05 + (2 * random.NextDouble()))) : null);

            int conversation = RandomShapes.Poisson(random, userPostsPerPost);
            for (int u = 0; u < conversation; u++)
            {
                long userAt = at + (long)(random.NextDouble() * 2 * UtcMicros.PerDay);
                if (userAt >= start + span)
                {
                    // Collection ends with the period: nothing after it exists yet.
                    continue;
                }

                var user = UserHandle(random.Next(0, 5_000_000));
                bool mention = random.NextDouble() < 0.3;
                var userPostId = $"{Handle}-{serial++}";
                yield return new Post(
                    _network, userPostId, user, userAt, mention ? null : postId, mention ? null : Handle, mention ? [Handle] : [],
                    random.Next(0, 5), 0, 0, random.Next(0, 2), null);

                // Minutes to days; a few after the 7-day horizon (then they do not count as answered).
                long delay = (long)(Math.Min(Math.Exp(RandomShapes.Gaussian(random, Math.Log(120), 1.8)), 10 * 24 * 60) * UtcMicros.PerMinute);
                if (random.NextDouble() < _brand.AnswerShare && userAt + delay < start + span)
                {
                    yield return new Post(
                        _network, $"{Handle}-{serial++}", Handle, userAt + delay, userPostId, user, [],
                        random.Next(0, 3), 0, 0, 0, null);
                }
            }
        }
    }

    private static int IndexOf(IReadOnlyList<string> networks, string network)
    {
        for (int i = 0; i < networks.Count; i++)
        {
            if (networks[i] == network)
            {
                return i;
            }
        }

        return -1;
    }

    private string UserHandle(int user) => _network switch
    {
        "mastodon" => $"user{user}@people.example",
        "bluesky" => $"user{user}.bsky.social",
        _ => $"viewer{user}",
    };
}
