using System.Security.Cryptography;
using System.Text;

namespace Engagement.Service.Security;

/// <summary>
/// API key secrets: 256 random bits, shown once; only their SHA-256 is stored. A fast hash is
/// right here (unlike passwords): the secret has full entropy, so it cannot be guessed offline.
/// </summary>
public static class ApiKeySecrets
{
    public const string Prefix = "eng_";

    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares two hashes in constant time, so timing reveals nothing about a stored hash.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
