using Engagement.Data.Store.Repositories;

namespace Engagement.Service.Security;

/// <summary>The rules of a new key's grant, shared by the CLI and the keys API (which names the field).</summary>
public static class KeyGrants
{
    public sealed record Problem(string Parameter, string Message);

    /// <summary>What is wrong with the grant, or null.</summary>
    public static Problem? Check(string workspace, ApiKeyRole role, IReadOnlyList<string>? brands, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (role == ApiKeyRole.Admin && workspace != WorkspaceRepository.Default)
        {
            return new("workspace", "an admin key is server-wide: it is created in the default workspace");
        }

        if (brands is not null && role != ApiKeyRole.Viewer)
        {
            return new("brands", "only a viewer key can be restricted to brands (a client's key reads its brands' reports)");
        }

        if (brands is { Count: 0 })
        {
            return new("brands", "a brand restriction needs at least one brand");
        }

        return expiresAt is { } at && at <= now
            ? new("expiresAt", "the expiry must be in the future")
            : null;
    }
}
