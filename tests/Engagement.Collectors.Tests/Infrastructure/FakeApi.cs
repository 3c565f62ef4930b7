using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engagement.Collectors.Tests.Infrastructure;

/// <summary>What the fake answers: status, body, headers; <see cref="Truncate"/> cuts the body mid-way.</summary>
public sealed record Reply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, bool Truncate = false)
{
    public static Reply Json(string body, IReadOnlyDictionary<string, string>? headers = null) => new(200, body, headers);

    public static Reply Fixture(string path, IReadOnlyDictionary<string, string>? headers = null) => Json(Fixtures.Read(path), headers);
}

/// <summary>A request the fake received.</summary>
public sealed record Received(string Path, IQueryCollection Query, DateTimeOffset At)
{
    public override string ToString() => Path + QueryString.Create(Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))));
}

/// <summary>
/// A network API on a real Kestrel at 127.0.0.1:0. Routes match the path; one-shot replies
/// queued for a path are served first (a 500 before the fixture, a 429 ...), then the route.
/// </summary>
public sealed class FakeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpRequest, Reply>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _once = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly TimeProvider _time;

    private FakeApi(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public Uri Root { get; private set; } = null!;

    /// <summary>Runs before the routes; a non-null reply wins (e.g. a rate-limit enforcer).</summary>
    public Func<HttpRequest, Reply?>? Gatekeeper { get; set; }

    /// <summary>Holds each request until released (for timeouts): null serves at once.</summary>
    public Func<HttpRequest, Task>? Hold { get; set; }

    public IReadOnlyList<Received> Requests => [.. _received];

    public int CountOf(string path) => _received.Count(r => r.Path == path);

    public static async Task<FakeApi> StartAsync(TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var api = new FakeApi(app, time);
        app.Run(api.ServeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.Root = new Uri(address.TrimEnd('/') + "/");
        return api;
    }

    public FakeApi On(string path, Func<HttpRequest, Reply> reply)
    {
        _routes[path] = reply;
        return this;
    }

    public FakeApi On(string path, Reply reply) => On(path, _ => reply);

    /// <summary>Served once each, in order, before the route of <paramref name="path"/>.</summary>
    public FakeApi Once(string path, params Reply[] replies)
    {
        var queue = _once.GetOrAdd(path, _ => new ConcurrentQueue<Reply>());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply);
        }

        return this;
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        _received.Enqueue(new Received(request.Path, request.Query, _time.GetUtcNow()));
        if (Hold is { } hold)
        {
            await hold(request);
        }

        var reply = Gatekeeper?.Invoke(request)
            ?? (_once.TryGetValue(request.Path, out var queue) && queue.TryDequeue(out var once) ? once : null)
            ?? (_routes.TryGetValue(request.Path, out var route) ? route(request) : new Reply(404, """{"error":"Record not found"}"""));
        await WriteAsync(context, reply);
    }

    private static async Task WriteAsync(HttpContext context, Reply reply)
    {
        var response = context.Response;
        response.StatusCode = reply.Status;
        response.ContentType = "application/json; charset=utf-8";
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        var body = Encoding.UTF8.GetBytes(reply.Body);
        response.ContentLength = body.Length;
        if (reply.Truncate)
        {
            // Announce the whole body, send half, then drop the connection.
            await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
            await response.Body.FlushAsync();
            context.Abort();
            return;
        }

        await response.Body.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
