using System.ComponentModel;

namespace Engagement.Service.Api;

[Description("A key to create. The secret is in the answer once and never again.")]
public sealed record KeyRequest(
    [property: Description("A name for the key (who or what uses it), unique in its workspace: 1-64 characters of a-z 0-9 - _.")] string Name,
    [property: Description("viewer (reads), editor (also brands, accounts, peer sets, imports), owner (also keys and the audit log), or admin (server-wide; admin keys only).")] string Role,
    [property: Description("The workspace of the key; default: the caller's. Only an admin key names another.")] string? Workspace = null,
    [property: Description("Restrict a viewer key to these brands of the workspace (a client's key); null: every brand of the workspace.")] IReadOnlyList<string>? Brands = null,
    [property: Description("When the key stops working (RFC 3339, in the future); null: never.")] DateTimeOffset? ExpiresAt = null);

[Description("An API key: never its secret.")]
public record KeyResponse(
    [property: Description("Key id.")] long Id,
    [property: Description("Key name, unique in its workspace.")] string Name,
    [property: Description("The key's workspace.")] string Workspace,
    [property: Description("viewer, editor, owner or admin.")] string Role,
    [property: Description("The brands a restricted key may read, or null for every brand of the workspace.")] IReadOnlyList<string>? Brands,
    [property: Description("When it was created.")] DateTimeOffset CreatedAt,
    [property: Description("When it stops working, or null.")] DateTimeOffset? ExpiresAt,
    [property: Description("When it was last used (to the minute), or null.")] DateTimeOffset? LastUsedAt,
    [property: Description("When it was revoked, or null while it is not.")] DateTimeOffset? RevokedAt);

[Description("A key just created, with its secret: store it now, it is not shown again.")]
public sealed record CreatedKeyResponse(
    long Id,
    string Name,
    string Workspace,
    string Role,
    IReadOnlyList<string>? Brands,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    [property: Description("The secret, to send as Authorization: Bearer SECRET or X-Api-Key: SECRET. Shown once.")] string Secret)
    : KeyResponse(Id, Name, Workspace, Role, Brands, CreatedAt, ExpiresAt, LastUsedAt, RevokedAt);

[Description("A workspace to create.")]
public sealed record WorkspaceRequest(
    [property: Description("Workspace name: 1-64 characters of a-z 0-9 - _.")] string Name);

[Description("A workspace: its own brands (tracked from the shared store), peer sets and keys.")]
public sealed record WorkspaceResponse(
    [property: Description("Workspace name.")] string Name,
    [property: Description("When it was created.")] DateTimeOffset CreatedAt,
    [property: Description("How many brands it tracks.")] int Brands);

[Description("One write through the API: who, what, when, from where, and its outcome.")]
public sealed record AuditEntryResponse(
    [property: Description("Entry id; newer entries have larger ids.")] long Id,
    [property: Description("When the request was made.")] DateTimeOffset At,
    [property: Description("The workspace of the key that made it.")] string Workspace,
    [property: Description("The key's id.")] long? KeyId,
    [property: Description("The key's name.")] string? KeyName,
    [property: Description("Method and route, e.g. DELETE /api/v1/brands/{brand}.")] string Action,
    [property: Description("The path requested, e.g. /api/v1/brands/acme.")] string Target,
    [property: Description("The HTTP status answered (403, 404 and 400 too: refused attempts are recorded).")] int? Status,
    [property: Description("The client's address (behind a trusted proxy, from X-Forwarded-For).")] string? RemoteAddress);
