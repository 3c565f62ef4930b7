using System.Security.Cryptography;
using System.Text;
using Engagement.Service.Deliveries;

namespace Engagement.Service.Tests.Deliveries;

/// <summary>The webhook signature as docs/deliveries.md tells receivers to check it.</summary>
public class WebhookSignatureTests
{
    private const string Secret = "whsec_test-secret";
    private static readonly DateTimeOffset At = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"report","period":"2026-10"}""");

    [Test]
    public void The_header_is_t_and_v1_the_hex_hmac_sha256_of_timestamp_dot_body_as_documented()
    {
        var header = WebhookSignature.Sign(Secret, At, Body);

        // The receiver's recipe, written independently of the service's code.
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var signed = Encoding.UTF8.GetBytes(parts["t"] + ".").Concat(Body).ToArray();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed));
        Assert.Multiple(() =>
        {
            Assert.That(parts["t"], Is.EqualTo(At.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(parts["v1"], Is.EqualTo(expected));
            Assert.That(WebhookSignature.Verify(Secret, header, Body, At.AddMinutes(4)), Is.True);
        });
    }

    [Test]
    public void A_changed_body_another_secret_a_stale_or_future_timestamp_or_a_garbled_header_fail()
    {
        var header = WebhookSignature.Sign(Secret, At, Body);
        var changed = Body.ToArray();
        changed[^2] ^= 1;
        Assert.Multiple(() =>
        {
            Assert.That(WebhookSignature.Verify(Secret, header, changed, At), Is.False, "body changed");
            Assert.That(WebhookSignature.Verify("whsec_other", header, Body, At), Is.False, "other secret");
            Assert.That(WebhookSignature.Verify(Secret, header, Body, At.AddMinutes(6)), Is.False, "replayed later");
            Assert.That(WebhookSignature.Verify(Secret, header, Body, At.AddMinutes(-6)), Is.False, "from the future");
            Assert.That(WebhookSignature.Verify(Secret, header.Replace("t=", "t=1", StringComparison.Ordinal), Body, At), Is.False, "timestamp changed");
            Assert.That(WebhookSignature.Verify(Secret, "v1=zz,t=abc", Body, At), Is.False);
            Assert.That(WebhookSignature.Verify(Secret, null, Body, At), Is.False);
            Assert.That(WebhookSignature.Verify(Secret, $"{header},v1=00", Body, At), Is.True, "any v1 may match (secret rotation)");
        });
    }
}
