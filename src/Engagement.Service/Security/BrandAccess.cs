using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Service.Security;

/// <summary>
/// Object-level authorisation of brands (OWASP API1): a brand is the caller's when its workspace
/// tracks it and the key's brand restriction allows it. Any other brand, existing or not, is
/// answered exactly as an unknown one, so no route tells a stranger what another workspace tracks.
/// </summary>
public sealed class BrandAccess(WorkspaceRepository workspaces)
{
    /// <summary>Throws the unknown-brand 404 unless <paramref name="brand"/> is the caller's.</summary>
    public async Task RequireAsync(Caller caller, string brand, CancellationToken ct)
    {
        if (!await SeesAsync(caller, brand, ct))
        {
            throw Unknown(brand);
        }
    }

    /// <summary>
    /// A brand other workspaces track too has its accounts changed only by an admin key: 409 for
    /// anyone else (it is the caller's brand, so saying it is shared leaks nothing it cannot see in reports).
    /// </summary>
    public async Task RequireUnsharedAsync(Caller caller, string brand, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAdmin && await workspaces.IsSharedAsync(caller.Workspace, brand, ct))
        {
            throw new Api.ConflictException($"brand '{brand}' is also tracked by other workspaces: its accounts are shared, so only an admin key changes them");
        }
    }

    /// <summary>The brand is the caller's (its workspace tracks it and its key allows it).</summary>
    public async Task<bool> SeesAsync(Caller caller, string brand, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Allows(brand) && await workspaces.TracksAsync(caller.Workspace, brand, ct);
    }

    /// <summary>The caller's brands: those its workspace tracks that its key allows.</summary>
    public async Task<IReadOnlySet<string>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return (await workspaces.BrandsAsync(caller.Workspace, ct)).Where(caller.Allows).ToHashSet(StringComparer.Ordinal);
    }

    public static NotFoundException Unknown(string brand) => new($"unknown brand '{brand}'");
}
