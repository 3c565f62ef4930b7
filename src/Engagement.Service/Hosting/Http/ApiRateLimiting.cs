using System.Globalization;
using System.Threading.RateLimiting;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Engagement.Service.Hosting.Http;

/// <summary>Settings of <c>Api:RateLimit</c>.</summary>
public sealed class ApiRateLimitOptions
{
    /// <summary>Requests per minute per API key (per client address without a key); 0 turns the limit off.</summary>
    public int PermitsPerMinute { get; set; } = 3000;

    /// <summary>Failed authentications (unknown or revoked key) per minute per client address; 0 turns the limit off.</summary>
    public int FailedAuthPerMinute { get; set; } = 120;
}

/// <summary>
/// Per-key request limits with the built-in rate limiter (fixed one-minute windows), and a limit
/// on failed authentications per client address, so no key can starve the others and nobody can
/// try keys at speed. A refused request gets 429 with <c>Retry-After</c>; every limited answer
/// carries <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c>, <c>RateLimit-Reset</c> and <c>RateLimit-Policy</c>.
/// </summary>
public static class ApiRateLimiting
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IHostApplicationBuilder AddApiRateLimiting(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Api:RateLimit").Get<ApiRateLimitOptions>() ?? new ApiRateLimitOptions();
        var limiters = new ApiLimiters(options, TimeProvider.System);
        builder.Services.AddSingleton(limiters);
        builder.Services.AddRateLimiter(rate =>
        {
            rate.GlobalLimiter = limiters.Requests;
            rate.OnRejected = (context, ct) => RejectAsync(context.HttpContext, context.Lease, options.PermitsPerMinute, ct);
        });
        return builder;
    }

    /// <summary>Before authentication: the failed-authentication limit, then the per-key limit (with its headers).</summary>
    public static WebApplication UseApiRateLimiting(this WebApplication app)
    {
        var limiters = app.Services.GetRequiredService<ApiLimiters>();
        app.Use(async (context, next) =>
        {
            if (limiters.FailedAuth is { } failures && IsApi(context.Request))
            {
                var address = Address(context);
                using var lease = failures.AttemptAcquire(address, 0);
                if (!lease.IsAcquired)
                {
                    await RejectAsync(context, lease, limiters.Options.FailedAuthPerMinute, context.RequestAborted);
                    return;
                }

                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode == StatusCodes.Status401Unauthorized
                        && ApiKeyCredentials.Read(context.Request) is not null)
                    {
                        failures.AttemptAcquire(address).Dispose();
                    }

                    return Task.CompletedTask;
                });
            }

            if (limiters.Options.PermitsPerMinute > 0 && IsApi(context.Request))
            {
                var partition = Partition(context);
                context.Response.OnStarting(() =>
                {
                    var available = limiters.Requests.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
                    Headers(context.Response, limiters.Options.PermitsPerMinute, available, limiters.ResetSeconds(partition));
                    return Task.CompletedTask;
                });
            }

            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    internal static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments(EndpointExtensions.ApiPrefix, StringComparison.Ordinal);

    /// <summary>The key's hash (never the key itself), else the client address.</summary>
    internal static string Partition(HttpContext context) =>
        ApiKeyCredentials.Read(context.Request) is { } key ? $"key:{ApiKeySecrets.Hash(key)}" : $"ip:{Address(context)}";

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, int limit, CancellationToken ct)
    {
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : (int)Window.TotalSeconds;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        Headers(response, limit, 0, retry);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = ProblemTypes.RateLimited,
                Detail = $"too many requests: at most {limit} a minute; try again in {retry} s",
            },
        });
    }

    private static void Headers(HttpResponse response, int limit, long remaining, int reset)
    {
        var headers = response.Headers;
        headers["RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = Math.Max(0, remaining).ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Policy"] = $"{limit.ToString(CultureInfo.InvariantCulture)};w={(int)Window.TotalSeconds}";
    }

    /// <summary>The limiters of one service: requests per key, failed authentications per address.</summary>
    internal sealed class ApiLimiters
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _windows = new(StringComparer.Ordinal);
        private readonly TimeProvider _time;

        public ApiLimiters(ApiRateLimitOptions options, TimeProvider time)
        {
            _time = time;
            Options = options;
            Requests = options.PermitsPerMinute > 0
                ? PartitionedRateLimiter.Create<HttpContext, string>(context => IsApi(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(Partition(context), partition =>
                    {
                        _windows[partition] = _time.GetUtcNow();
                        return Fixed(options.PermitsPerMinute);
                    })
                    : RateLimitPartition.GetNoLimiter("none"))
                : PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetNoLimiter("none"));
            FailedAuth = options.FailedAuthPerMinute > 0
                ? PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => Fixed(options.FailedAuthPerMinute)))
                : null;
        }

        public ApiRateLimitOptions Options { get; }

        public PartitionedRateLimiter<HttpContext> Requests { get; }

        public PartitionedRateLimiter<string>? FailedAuth { get; }

        /// <summary>Seconds until the partition's current window ends (windows start when the partition is first seen).</summary>
        public int ResetSeconds(string partition)
        {
            if (!_windows.TryGetValue(partition, out var start))
            {
                return (int)Window.TotalSeconds;
            }

            var elapsed = (_time.GetUtcNow() - start).TotalSeconds % Window.TotalSeconds;
            return Math.Max(1, (int)Math.Ceiling(Window.TotalSeconds - elapsed));
        }

        private static FixedWindowRateLimiterOptions Fixed(int permits) => new()
        {
            PermitLimit = permits,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
