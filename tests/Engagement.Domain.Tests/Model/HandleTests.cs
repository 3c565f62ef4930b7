using Engagement.Domain.Model;

namespace Engagement.Domain.Tests.Model;

public class HandleTests
{
    [TestCase("@Zed@Social.Example", "zed@social.example")]
    [TestCase("@@acme", "acme")]
    [TestCase("SoloBrand", "solobrand")]
    [TestCase("UCabc", "ucabc")]
    [TestCase("a@b", "a@b")]
    public void Normalize_removes_every_leading_at_and_lowercases(string raw, string expected) =>
        Assert.That(Handle.Normalize(raw), Is.EqualTo(expected));
}
