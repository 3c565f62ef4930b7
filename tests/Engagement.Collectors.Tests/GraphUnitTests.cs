using System.Net;
using Engagement.Collectors.Graph;
using Engagement.Collectors.Http;
using Engagement.Collectors.Instagram;
using Engagement.Collectors.Options;

namespace Engagement.Collectors.Tests;

public sealed class GraphUnitTests
{
    [TestCase("2026-11-03T10:15:30+0000", "2026-11-03T10:15:30.0000000+00:00", TestName = "Graph's offset without a colon")]
    [TestCase("2026-11-03T10:15:30-0700", "2026-11-03T17:15:30.0000000+00:00", TestName = "A negative offset without a colon")]
    [TestCase("2026-11-03T10:15:30+05:30", "2026-11-03T04:45:30.0000000+00:00", TestName = "An offset with a colon")]
    [TestCase("2026-11-03T10:15:30Z", "2026-11-03T10:15:30.0000000+00:00", TestName = "Z")]
    [TestCase("2026-11-03T10:15:30.123+0000", "2026-11-03T10:15:30.1230000+00:00", TestName = "Milliseconds kept")]
    public void Graph_timestamps_parse_exactly(string served, string expected)
    {
        Assert.That(GraphTimeConverter.Parse(served), Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("2026-11-03 10:15:30")]
    [TestCase("2026-11-03T10:15:30")]
    [TestCase("yesterday")]
    [TestCase("2026-11-03T10:15:30+00")]
    public void Other_text_is_not_a_timestamp(string served) => Assert.That(GraphTimeConverter.Parse(served), Is.Null);

    [TestCase("Hi @ana.m. and @bob_1!", new[] { "ana.m", "bob_1" })]
    [TestCase("mail me@acme.example or @@x, a.@y _@z", new string[0])]
    [TestCase("@...", new string[0])]
    [TestCase("(@Acme) @acme @ACME", new[] { "acme" })]
    [TestCase("@abcdefghijklmnopqrstuvwxyz0123456789", new[] { "abcdefghijklmnopqrstuvwxyz0123" })]
    public void Instagram_names_follow_the_at_name_rule(string text, string[] expected) =>
        Assert.That(InstagramMapper.Mentions(text), Is.EqualTo(expected));

    [Test]
    public void Usage_headers_give_the_highest_percentage_and_the_longest_wait()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("X-App-Usage", """{"call_count":12,"total_time":40,"total_cputime":8}""");
        response.Headers.TryAddWithoutValidation("X-Business-Use-Case-Usage",
            """{"1000000001":[{"type":"pages","call_count":91,"total_cputime":10,"total_time":12,"estimated_time_to_regain_access":0}],"17841400000000001":[{"type":"instagram","call_count":"20","total_cputime":5,"total_time":5,"estimated_time_to_regain_access":7}]}""");

        var usage = GraphUsage.Read(response);

        Assert.That(usage, Is.EqualTo(new GraphUsage(91, TimeSpan.FromMinutes(7))));
    }

    [Test]
    public void A_malformed_usage_header_is_ignored()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("X-App-Usage", "{call_count: lots");

        Assert.That(GraphUsage.Read(response), Is.Null);
    }

    [TestCase(70, 0)]
    [TestCase(75, 2)]
    [TestCase(80, 4)]
    [TestCase(95, 32)]
    [TestCase(100, 60)]
    [TestCase(250, 60)]
    public void Calls_slow_down_as_usage_grows(double percent, int seconds)
    {
        var hold = new GraphPolicy("facebook", new FacebookCollectorOptions()).HoldAfter(UsageAnswer(percent), DateTimeOffset.UnixEpoch);
        Assert.That(hold?.Until - DateTimeOffset.UnixEpoch ?? TimeSpan.Zero, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("https://graph.facebook.com/v25.0/1/posts?access_token=SERVER&limit=100&after=QQ", "http://fake:5000/v25.0/", "http://fake:5000/v25.0/1/posts?limit=100&after=QQ&access_token=ours")]
    [TestCase("https://graph.facebook.com/v19.0/1/posts?after=QQ", "http://proxy.local/graph/v25.0", "http://proxy.local/graph/v25.0/1/posts?after=QQ&access_token=ours")]
    [TestCase("http://proxy.local/graph/v25.0/1/posts?after=QQ", "http://proxy.local/graph/v25.0/", "http://proxy.local/graph/v25.0/1/posts?after=QQ&access_token=ours")]
    [TestCase("https://graph.facebook.com/1/posts?after=QQ", "http://fake:5000/", "http://fake:5000/1/posts?after=QQ&access_token=ours")]
    public void Next_links_are_rebuilt_against_the_configured_root_with_our_token(string next, string baseUrl, string expected)
    {
        var options = new FacebookCollectorOptions { BaseUrl = baseUrl, AccessToken = "ours" };
        var graph = new GraphRequests(new HttpClient(), options, "facebook");

        Assert.That(graph.Next(next)?.AbsoluteUri, Is.EqualTo(expected));
        Assert.That(graph.Next(null), Is.Null);
        Assert.That(graph.Next("not a url"), Is.Null);
    }

    private static HttpResponseMessage UsageAnswer(double percent)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("X-App-Usage", $$"""{"call_count":{{percent}},"total_time":1,"total_cputime":1}""");
        return response;
    }
}
