using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Domain.Tests.Scoring;

/// <summary>methodology.md §7.</summary>
public class BenchmarkSetTests
{
    private static readonly Dictionary<string, Brand> Brands = new[]
    {
        new Brand("acme", "Acme", "food"), new Brand("bolt", "Bolt", "food"),
        new Brand("corvid", "Corvid", "tech"), new Brand("solo", "Solo", null),
    }.ToDictionary(b => b.Id);

    private static IReadOnlyCollection<string>? PeerSets(string name) => name == "rivals" ? ["bolt", "corvid"] : null;

    private static IEnumerable<string> Resolve(string spec, string? subject = null) =>
        BenchmarkSet.Resolve(BenchmarkSetSpec.Parse(spec), subject, Brands, PeerSets).Brands.Order();

    [Test]
    public void All_is_every_brand() => Assert.That(Resolve("all"), Is.EqualTo(new[] { "acme", "bolt", "corvid", "solo" }));

    [TestCase("industry:food", null)]
    [TestCase("industry:acme", null)]
    [TestCase("industry", "bolt")]
    public void Industry_by_id_by_brand_or_by_subject(string spec, string? subject) =>
        Assert.That(Resolve(spec, subject), Is.EqualTo(new[] { "acme", "bolt" }));

    [Test]
    public void Industry_of_a_brand_without_industry_is_an_error() =>
        Assert.That(() => Resolve("industry", "solo"), Throws.InstanceOf<DomainException>().With.Message.Contains("no industry"));

    [Test]
    public void Peers_are_the_named_set_plus_the_subject() =>
        Assert.That(Resolve("peers:rivals", "acme"), Is.EqualTo(new[] { "acme", "bolt", "corvid" }));

    [Test]
    public void Unknown_peer_set_is_not_found() =>
        Assert.That(() => Resolve("peers:nobody"), Throws.InstanceOf<NotFoundException>());

    [TestCase("everyone")]
    [TestCase("peers:")]
    [TestCase("all:x")]
    [TestCase("industry:")]
    public void Parse_rejects_unknown_kinds(string spec) =>
        Assert.That(() => BenchmarkSetSpec.Parse(spec), Throws.InstanceOf<DomainException>().With.Message.Contains(spec));

    [Test]
    public void Label_is_the_spec_as_written() =>
        Assert.That(BenchmarkSet.Resolve(BenchmarkSetSpec.Parse("industry:acme"), null, Brands, PeerSets).Label, Is.EqualTo("industry:acme"));
}
