using Engagement.Domain.Model;

namespace Engagement.Domain.Scoring;

/// <summary>What a request asks to benchmark against (section 7), before it is resolved to brands.</summary>
public sealed record BenchmarkSetSpec(BenchmarkKind Kind, string? Argument)
{
    public static BenchmarkSetSpec All { get; } = new(BenchmarkKind.All, null);

    /// <summary>Parses <c>all</c>, <c>industry</c>, <c>industry:ID</c> or <c>peers:NAME</c>.</summary>
    public static BenchmarkSetSpec Parse(string text)
    {
        var (kind, argument) = text.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0
            ? (text[..colon], text[(colon + 1)..])
            : (text, null);
        return kind switch
        {
            "all" when argument is null => All,
            "industry" when argument is null || argument.Length > 0 => new(BenchmarkKind.Industry, argument),
            "peers" when !string.IsNullOrEmpty(argument) => new(BenchmarkKind.Peers, argument),
            _ => throw new DomainException($"unknown benchmark '{text}': use all, industry, industry:ID or peers:NAME"),
        };
    }

    public override string ToString() => Argument is null ? Label(Kind) : $"{Label(Kind)}:{Argument}";

    private static string Label(BenchmarkKind kind) => kind switch
    {
        BenchmarkKind.All => "all",
        BenchmarkKind.Industry => "industry",
        _ => "peers",
    };
}

public enum BenchmarkKind
{
    All,
    Industry,
    Peers,
}

/// <summary>A resolved benchmark set: its label as reports print it and its brands.</summary>
public sealed record BenchmarkSet(string Label, IReadOnlySet<string> Brands)
{
    /// <summary>
    /// Resolves a spec against the known brands and peer sets. <c>industry:X</c> takes X as an
    /// industry id, or else as a brand whose industry is meant; bare <c>industry</c> takes the
    /// subject's industry; <c>peers:NAME</c> is the named peer set plus the subject.
    /// </summary>
    public static BenchmarkSet Resolve(
        BenchmarkSetSpec spec,
        string? subject,
        IReadOnlyDictionary<string, Brand> brands,
        Func<string, IReadOnlyCollection<string>?> peerSet)
    {
        if (subject is not null && !brands.ContainsKey(subject))
        {
            throw new NotFoundException($"unknown brand '{subject}'");
        }

        switch (spec.Kind)
        {
            case BenchmarkKind.All:
                return new BenchmarkSet(spec.ToString(), brands.Keys.ToHashSet(StringComparer.Ordinal));
            case BenchmarkKind.Industry:
                var industry = IndustryOf(spec.Argument, subject, brands);
                return new BenchmarkSet(
                    spec.ToString(),
                    brands.Values.Where(b => b.Industry == industry).Select(b => b.Id).ToHashSet(StringComparer.Ordinal));
            default:
                var members = peerSet(spec.Argument!) ?? throw new NotFoundException($"unknown peer set '{spec.Argument}'");
                var set = members.Where(brands.ContainsKey).ToHashSet(StringComparer.Ordinal);
                if (subject is not null)
                {
                    set.Add(subject);
                }

                return new BenchmarkSet(spec.ToString(), set);
        }
    }

    private static string IndustryOf(string? argument, string? subject, IReadOnlyDictionary<string, Brand> brands)
    {
        if (argument is not null && brands.Values.Any(b => b.Industry == argument))
        {
            return argument;
        }

        var who = argument ?? subject
            ?? throw new DomainException("the industry benchmark needs a subject brand or an industry: use industry:ID");
        if (!brands.TryGetValue(who, out var brand))
        {
            throw new NotFoundException($"unknown industry or brand '{who}'");
        }

        return brand.Industry
            ?? throw new DomainException($"brand '{who}' has no industry: the industry benchmark is undefined");
    }
}
