using System.Globalization;
using System.Security.Claims;
using Engagement.Data.Store.Repositories;
using Engagement.Service.Reports;

namespace Engagement.Service.Security;

/// <summary>
/// Who is calling: the key, its workspace, its role and the brands it is restricted to (null:
/// every brand of the workspace). Resolved from the authenticated principal once per request and
/// given to endpoints through DI (<see cref="CallerExtensions.AddCaller"/>). Every object a
/// request names is looked up within <see cref="Workspace"/>; one outside it is not found (404),
/// one the role may not change is forbidden (403).
/// </summary>
public sealed record Caller(long KeyId, string KeyName, string Workspace, ApiKeyRole Role, IReadOnlySet<string>? Brands)
{
    public const string KeyIdClaim = "key_id";
    public const string WorkspaceClaim = "workspace";
    public const string RoleClaim = "role";
    public const string BrandsClaim = "brands";

    public bool IsAdmin => Role == ApiKeyRole.Admin;

    public bool IsRestricted => Brands is not null;

    /// <summary>The role includes <paramref name="role"/> (roles nest: admin > owner > editor > viewer).</summary>
    public bool Has(ApiKeyRole role) => Role >= role;

    /// <summary>The key's brand restriction allows <paramref name="brand"/> (tracking by the workspace is checked against the store).</summary>
    public bool Allows(string brand) => Brands is null || Brands.Contains(brand);

    /// <summary>A report query confined to this caller's workspace and brands.</summary>
    public ReportQuery Scope(ReportQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query with { Workspace = Workspace, Brands = Brands };
    }

    public static Caller Of(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.Id, key.Name, key.Workspace, key.Role, key.Brands?.ToHashSet(StringComparer.Ordinal));
    }

    public IEnumerable<Claim> Claims()
    {
        yield return new Claim(ClaimTypes.Name, KeyName);
        yield return new Claim(KeyIdClaim, KeyId.ToString(CultureInfo.InvariantCulture));
        yield return new Claim(WorkspaceClaim, Workspace);
        yield return new Claim(RoleClaim, ApiKeyRoles.Text(Role));
        if (Brands is not null)
        {
            yield return new Claim(BrandsClaim, string.Join(',', Brands.Order(StringComparer.Ordinal)));
        }
    }

    /// <summary>The caller of an authenticated principal; null when the principal carries no key.</summary>
    public static Caller? From(ClaimsPrincipal? user)
    {
        if (user?.FindFirst(KeyIdClaim)?.Value is not { } id || user.FindFirst(WorkspaceClaim)?.Value is not { } workspace
            || user.FindFirst(RoleClaim)?.Value is not { } role)
        {
            return null;
        }

        var brands = user.FindFirst(BrandsClaim)?.Value is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : null;
        return new Caller(
            long.Parse(id, CultureInfo.InvariantCulture), user.Identity?.Name ?? "", workspace, ApiKeyRoles.Parse(role), brands);
    }
}

public static class CallerExtensions
{
    /// <summary>The request's <see cref="Caller"/> as a scoped service, so an endpoint takes it as a parameter.</summary>
    public static IServiceCollection AddCaller(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped(provider => Caller.From(provider.GetRequiredService<IHttpContextAccessor>().HttpContext?.User)
            ?? throw new InvalidOperationException("no API key authenticated this request: the route must require authorization"));
        return services;
    }
}
