using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Engagement.Service.Deliveries;

/// <summary>
/// The <c>Engagement-Signature</c> header of webhook deliveries: <c>t=UNIX_SECONDS,v1=HEX</c>, where
/// HEX is the HMAC-SHA256, keyed with the schedule's or rule's signing secret (the whole
/// <c>whsec_...</c> string, as UTF-8), of the timestamp, a dot, and the raw request body bytes.
/// A receiver recomputes it over the body it received, compares in constant time and refuses a
/// timestamp older than a few minutes (replays). docs/deliveries.md shows it in several languages.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Engagement-Signature";

    /// <summary>How old a signed timestamp <see cref="Verify"/> still accepts by default.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(Mac(secret, t, body))}";
    }

    /// <summary>True when <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/> within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        string? t = null;
        var candidates = new List<string>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim() == "t")
            {
                t = pair[1].Trim();
            }
            else if (pair.Length == 2 && pair[0].Trim() == "v1")
            {
                candidates.Add(pair[1].Trim());
            }
        }

        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > (tolerance ?? DefaultTolerance))
        {
            return false;
        }

        var expected = Mac(secret, t, body);
        foreach (var candidate in candidates)
        {
            byte[] given;
            try
            {
                given = Convert.FromHexString(candidate);
            }
            catch (FormatException)
            {
                continue;
            }

            if (CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
