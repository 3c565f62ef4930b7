namespace Engagement.Data.Generation;

/// <summary>The traits of one brand, drawn from its own seeded generator.</summary>
internal sealed record BrandProfile(int Index, string Id, int Industry, double PostsPerDay, double AnswerShare, double Quality)
{
    public static BrandProfile Create(GeneratorOptions options, int index)
    {
        var random = new Random(RandomShapes.Seed(options.Seed, index, -1));
        var id = $"brand-{index:D6}";
        // A quarter of brands broadcast only; the rest answer a share of users, some nearly all.
        double answerShare = random.NextDouble() < 0.25 ? 0 : Math.Pow(random.NextDouble(), 0.5);
        double postsPerDay = Math.Exp(RandomShapes.Gaussian(random, Math.Log(0.9), 0.8));
        double quality = Math.Exp(RandomShapes.Gaussian(random, 0, 0.5));
        return new BrandProfile(index, id, index % Math.Max(1, options.Industries), postsPerDay, answerShare, quality);
    }

    public string Handle(string network) => network switch
    {
        "mastodon" => $"{Id}@brands.example",
        "bluesky" => $"{Id}.bsky.social",
        "youtube" or "x" or "instagram" or "facebook" => Id.Replace("-", "", StringComparison.Ordinal),
        _ => $"{Id}.{network}",
    };
}

internal static class RandomShapes
{
    /// <summary>
    /// A seed derived deterministically from its parts (SplitMix64 steps). HashCode.Combine and
    /// string.GetHashCode are randomised per process, so they would break "same seed, same files".
    /// </summary>
    public static int Seed(int seed, int brand, int stream)
    {
        ulong x = (ulong)(uint)seed;
        foreach (var part in (ReadOnlySpan<int>)[brand, stream])
        {
            x += 0x9E3779B97F4A7C15UL + (ulong)(uint)part;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            x ^= x >> 31;
        }

        return (int)(x & int.MaxValue);
    }

    public static double Gaussian(Random random, double mean, double sd) =>
        mean + (sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    /// <summary>A Poisson draw (Knuth for small means, a normal approximation for large ones).</summary>
    public static int Poisson(Random random, double mean)
    {
        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(Gaussian(random, mean, Math.Sqrt(mean))));
        }

        double limit = Math.Exp(-mean), product = random.NextDouble();
        int count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }
}
