using System.Data.Common;
using Engagement.Domain.Model;
using Npgsql;

namespace Engagement.Data.Store.Postgres;

/// <summary>Recognises and normalises the two spellings of a PostgreSQL address.</summary>
public static class PostgresConnectionString
{
    // libpq URL parameters and their Npgsql keywords; any other parameter is passed on as is.
    private static readonly Dictionary<string, string> UrlParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    /// <summary>A <c>postgres://</c> / <c>postgresql://</c> URL, or a connection string naming a Host (or Server).</summary>
    public static bool IsPostgres(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (IsUrl(trimmed))
        {
            return true;
        }

        if (!trimmed.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            var parts = new DbConnectionStringBuilder { ConnectionString = trimmed };
            return parts.ContainsKey("Host") || parts.ContainsKey("Server");
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The Npgsql connection string for a URL or a connection string.</summary>
    public static string Normalize(string text)
    {
        var trimmed = text.Trim();
        return IsUrl(trimmed) ? FromUrl(trimmed) : trimmed;
    }

    /// <summary>Whether the connection string (or URL) sets one of <paramref name="keys"/>.</summary>
    public static bool Sets(string text, params string[] keys)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = Normalize(text) };
        return keys.Any(parts.ContainsKey);
    }

    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return $"postgres {builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static bool IsUrl(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static string FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
        {
            throw new DomainException("not a PostgreSQL URL: expected postgres://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host };
        if (!url.IsDefaultPort && url.Port > 0)
        {
            builder.Port = url.Port;
        }

        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[UrlParameters.GetValueOrDefault(key, key)] = value;
            }
            catch (ArgumentException e)
            {
                throw new DomainException($"PostgreSQL URL parameter '{key}': {e.Message}");
            }
        }

        return builder.ConnectionString;
    }
}
