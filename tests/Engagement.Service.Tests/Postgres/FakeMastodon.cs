using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Engagement.Service.Tests.Postgres;

/// <summary>
/// A Mastodon instance on a real Kestrel at 127.0.0.1:0 for the multi-instance test: every
/// account (<c>u{i}@fake.example</c>) has <see cref="PostsPerAccount"/> recent statuses, and
/// its statuses take <paramref name="delay"/> to list, so a collection lasts long enough to be
/// killed in the middle. It records when two requests for one account's statuses overlapped:
/// two instances collecting that account at once.
/// </summary>
internal sealed class FakeMastodon(TimeSpan delay) : IAsyncDisposable
{
    public const int PostsPerAccount = 5;

    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _listings = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _overlaps = new();

    // Open unless the test holds every listing: then no instance can commit what it has leased.
    private volatile TaskCompletionSource _gate = Opened();

    // Fixed at start, so collecting an account again finds the same posts.
    private readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private WebApplication? _app;

    public Uri Root { get; private set; } = null!;

    /// <summary>Accounts whose statuses were being listed by two requests at the same time.</summary>
    public IReadOnlyCollection<string> Overlaps => [.. _overlaps];

    public int ListingsOf(string accountId) => _listings.GetValueOrDefault(accountId);

    /// <summary>Listings wait from now until <see cref="Release"/>: leased accounts stay uncommitted.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public static string Handle(int account) => $"u{account:00}@fake.example";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/api/v1/accounts/lookup", (string acct) =>
            Results.Text(JsonSerializer.Serialize(Account(IdOf(acct))), "application/json"));
        _app.MapGet("/api/v1/accounts/{id}/statuses", ListAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Root = new Uri(address + "/");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private static string IdOf(string acct) => int.Parse(acct.TrimStart('@')[1..3], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    private static object Account(string id) => new Dictionary<string, object>
    {
        ["id"] = id,
        ["username"] = $"u{int.Parse(id, CultureInfo.InvariantCulture):00}",
        ["acct"] = Handle(int.Parse(id, CultureInfo.InvariantCulture)),
        ["followers_count"] = 100,
    };

    private async Task<IResult> ListAsync(string id, HttpContext context)
    {
        _listings.AddOrUpdate(id, 1, (_, n) => n + 1);
        if (_inFlight.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
        {
            _overlaps.Enqueue(id);
        }

        try
        {
            await _gate.Task.WaitAsync(context.RequestAborted);
            await Task.Delay(delay, context.RequestAborted);
        }
        finally
        {
            _inFlight.AddOrUpdate(id, 0, (_, n) => n - 1);
        }

        // Recent, so inside any backfill window; no replies, so no thread requests.
        var now = _now;
        var statuses = Enumerable.Range(0, PostsPerAccount).Select(i => new Dictionary<string, object?>
        {
            ["id"] = $"{id}{i:000}",
            ["created_at"] = now.AddHours(-1 - i).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["in_reply_to_id"] = null,
            ["in_reply_to_account_id"] = null,
            ["account"] = Account(id),
            ["mentions"] = Array.Empty<object>(),
            ["favourites_count"] = i,
            ["reblogs_count"] = 0,
            ["replies_count"] = 0,
        });
        return Results.Text(JsonSerializer.Serialize(statuses), "application/json");
    }
}
