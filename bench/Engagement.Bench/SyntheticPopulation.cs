using Engagement.Domain.Model;

namespace Engagement.Bench;

/// <summary>
/// An in-memory population with eValue's shape: brands x networks, log-normal followers,
/// posting rates that differ by brand, user posts and answers. Deterministic for a seed.
/// </summary>
internal static class SyntheticPopulation
{
    private static readonly string[] Networks = ["bluesky", "mastodon", "youtube"];

    public static (List<Brand> Brands, List<Account> Accounts, List<Post> Posts, List<FollowerSnapshot> Followers) Create(
        int brandCount, DateOnly from, int days, int seed)
    {
        var random = new Random(seed);
        var brands = new List<Brand>(brandCount);
        var accounts = new List<Account>(brandCount * Networks.Length);
        var posts = new List<Post>();
        var followers = new List<FollowerSnapshot>();
        long start = UtcMicros.StartOf(from);
        long span = days * UtcMicros.PerDay;
        int postId = 0;

        for (int b = 0; b < brandCount; b++)
        {
            var brand = $"brand-{b:D6}";
            brands.Add(new Brand(brand, $"Brand {b}", $"industry-{b % 40}"));
            double answerRate = random.NextDouble() < 0.2 ? 0 : random.NextDouble();
            foreach (var network in Networks)
            {
                var handle = $"{brand}.{network}";
                accounts.Add(new Account(brand, network, handle));
                long audience = (long)Math.Exp(7 + (2.5 * Gaussian(random)));
                followers.Add(new FollowerSnapshot(network, handle, from.AddDays(-1), audience));
                followers.Add(new FollowerSnapshot(network, handle, from.AddDays(days / 2), audience + random.Next(0, 1000)));

                int ownPosts = random.Next(0, 60);
                for (int i = 0; i < ownPosts; i++)
                {
                    long likes = (long)(Math.Pow(audience, 0.6) * random.NextDouble());
                    long? views = network == "youtube" ? audience * random.Next(1, 5) : null;
                    posts.Add(new Post(network, $"p{postId++}", handle, start + RandomIn(random, span), null, null, [],
                        likes, likes / 5, likes / 20, likes / 10, views));
                }

                int userPosts = random.Next(0, 40);
                for (int i = 0; i < userPosts; i++)
                {
                    var userPost = $"p{postId++}";
                    long at = start + RandomIn(random, span);
                    var user = $"user{random.Next(0, 1_000_000)}";
                    bool mention = random.NextDouble() < 0.3;
                    posts.Add(new Post(network, userPost, user, at, mention ? null : $"p{postId - 2}", mention ? null : handle,
                        mention ? [handle] : [], 0, 0, 0, 0, null));
                    if (random.NextDouble() < answerRate)
                    {
                        long delay = (long)(random.NextDouble() * 3 * UtcMicros.PerDay);
                        posts.Add(new Post(network, $"p{postId++}", handle, at + delay, userPost, user, [], 1, 0, 0, 0, null));
                    }
                }
            }
        }

        return (brands, accounts, posts, followers);
    }

    private static long RandomIn(Random random, long span) => (long)(random.NextDouble() * span);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
