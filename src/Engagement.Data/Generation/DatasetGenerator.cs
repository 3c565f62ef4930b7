using Engagement.Domain.Model;

namespace Engagement.Data.Generation;

/// <summary>
/// A synthetic canonical data set with plausible shapes: log-normal followers (tens to millions),
/// posting rates that differ by brand, interactions growing sub-linearly with followers, views
/// only where the network has them, brands that never answer and brands that answer most users
/// within hours, mentions as well as replies. Deterministic for a seed; every sequence is lazy
/// and each account draws from its own seeded generator, so the four files can be written one
/// after the other in one pass each, with memory flat in the number of brands.
/// </summary>
public sealed class DatasetGenerator(GeneratorOptions options)
{
    public IEnumerable<Brand> Brands()
    {
        for (int b = 0; b < options.Brands; b++)
        {
            var profile = BrandProfile.Create(options, b);
            yield return new Brand(profile.Id, $"Brand {b:N0}", $"industry-{profile.Industry:D2}");
        }
    }

    public IEnumerable<Account> Accounts()
    {
        for (int b = 0; b < options.Brands; b++)
        {
            var profile = BrandProfile.Create(options, b);
            foreach (var network in options.Networks)
            {
                yield return new Account(profile.Id, network, profile.Handle(network));
            }
        }
    }

    public IEnumerable<FollowerSnapshot> Followers()
    {
        for (int b = 0; b < options.Brands; b++)
        {
            var profile = BrandProfile.Create(options, b);
            foreach (var network in options.Networks)
            {
                var account = AccountProfile.Create(options, profile, network);
                for (int day = -1; day < options.Days; day++)
                {
                    yield return new FollowerSnapshot(network, account.Handle, options.Start.AddDays(day), account.FollowersOn(day));
                }
            }
        }
    }

    public IEnumerable<Post> Posts()
    {
        for (int b = 0; b < options.Brands; b++)
        {
            var profile = BrandProfile.Create(options, b);
            foreach (var network in options.Networks)
            {
                foreach (var post in AccountProfile.Create(options, profile, network).Posts())
                {
                    yield return post;
                }
            }
        }
    }
}
