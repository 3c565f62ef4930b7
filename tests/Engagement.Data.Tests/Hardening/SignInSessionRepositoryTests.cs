using Engagement.Data.Store.Repositories;
using Engagement.Data.Tests.Store;

namespace Engagement.Data.Tests.Hardening;

/// <summary>Issue 12, item 7: sessions (migration 6) end at expiry, on sign-out and with their key.</summary>
public sealed class SignInSessionRepositoryTests(string provider) : StoreTests(provider)
{
    [Test]
    public async Task Session_ends_at_its_expiry_on_revocation_and_with_its_key()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        await using var store = await CreateStoreAsync(clock);
        var keys = new ApiKeyRepository(store.Factory);
        var sessions = new SignInSessionRepository(store.Factory);
        var key = await keys.InsertAsync("browser", ApiKeyGrant.Admin, "hash-1");

        var expiring = await sessions.CreateAsync(key.Id, TimeSpan.FromHours(1));
        var signedOut = await sessions.CreateAsync(key.Id, TimeSpan.FromHours(8));
        var revokedKey = await sessions.CreateAsync(key.Id, TimeSpan.FromHours(8));

        Assert.That(await sessions.FindAsync(expiring), Is.EqualTo(new SignInSession(key.Id, clock.Now.AddHours(1))));
        Assert.That(expiring, Is.Not.EqualTo(signedOut));
        Assert.That(await sessions.FindAsync("not-a-session"), Is.Null);

        clock.Now = clock.Now.AddHours(1);
        Assert.That(await sessions.FindAsync(expiring), Is.Null, "expired");

        Assert.That(await sessions.RevokeAsync(signedOut), Is.True);
        Assert.That(await sessions.FindAsync(signedOut), Is.Null, "signed out");

        Assert.That(await sessions.FindAsync(revokedKey), Is.Not.Null);
        await keys.RevokeAsync(WorkspaceRepository.Default, "browser");
        Assert.That(await sessions.FindAsync(revokedKey), Is.Null, "its key revoked");
    }
}
