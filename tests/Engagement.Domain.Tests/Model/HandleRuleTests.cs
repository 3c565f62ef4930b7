using Engagement.Domain.Model;

namespace Engagement.Domain.Tests.Model;

/// <summary>What a handle may not contain (a post's author, a mention): whitespace of any kind, ';' or ','.</summary>
public sealed class HandleRuleTests
{
    [TestCase("a b")]
    [TestCase("a\u3000b")]
    [TestCase("a\u00a0b")]
    [TestCase("a\u2003b")]
    [TestCase("a;b")]
    [TestCase("a,b")]
    [TestCase("ab ")]
    public void A_handle_with_a_separator_is_refused_by_name(string handle) =>
        Assert.That(FieldRules.Default.HandleProblem(handle), Is.EqualTo($"handle '{handle}' contains a space, ';' or ','"));

    [TestCase("ab")]
    [TestCase("user@instance.example")]
    [TestCase("ü.name-x_1")]
    public void A_handle_without_one_passes(string handle) =>
        Assert.That(FieldRules.Default.HandleProblem(handle), Is.Null);
}
