using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engagement.Service.Tests.Deliveries;

/// <summary>A webhook endpoint on a real Kestrel at 127.0.0.1: keeps every request's headers and raw body; answers the queued statuses, then 200.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Hook> _hooks = new();
    private string _root = "";

    private WebhookReceiver(WebApplication app) => _app = app;

    public sealed record Hook(string Path, byte[] Body, string ContentType, IReadOnlyDictionary<string, string> Headers);

    /// <summary>Statuses answered first, in order (e.g. 500, 503), before 200s.</summary>
    public ConcurrentQueue<int> Statuses { get; } = new();

    /// <summary>A <c>Retry-After</c> value sent with every answer that is not a 2xx (seconds or an HTTP date), when set.</summary>
    public string? RetryAfter { get; set; }

    public IReadOnlyList<Hook> Hooks => [.. _hooks];

    public string Url(string path = "/hook") => $"{_root}{path}";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver._hooks.Enqueue(new Hook(
                context.Request.Path,
                body.ToArray(),
                context.Request.ContentType ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            context.Response.StatusCode = receiver.Statuses.TryDequeue(out var status) ? status : 200;
            if (status >= 300 && receiver.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }
        });
        await app.StartAsync();
        receiver._root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
