using System.Collections.Concurrent;
using Engagement.Data.Store.Repositories;

namespace Engagement.Service.Security;

/// <summary>
/// Records a key's last use, at most once a minute per key and instance: writing it on every
/// request would queue every request behind the store's single writer for a value read rarely.
/// A failed write is logged and forgotten; it never fails the request.
/// </summary>
public sealed class KeyUsage(ApiKeyRepository keys, TimeProvider time, ILogger<KeyUsage> logger)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<long, DateTimeOffset> _recorded = new();

    public async Task SeenAsync(long keyId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_recorded.TryGetValue(keyId, out var last) && now - last < Resolution)
        {
            return;
        }

        _recorded[keyId] = now;
        try
        {
            await keys.TouchAsync(keyId, now, ct);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning(error, "the last use of key {KeyId} could not be recorded", keyId);
        }
    }
}
