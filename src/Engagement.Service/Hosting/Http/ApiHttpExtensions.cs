using System.IO.Compression;
using Engagement.Service.Api;
using Microsoft.AspNetCore.ResponseCompression;

namespace Engagement.Service.Hosting.Http;

/// <summary>Settings of <c>Api:Cors</c>.</summary>
public sealed class ApiCorsOptions
{
    /// <summary>Origins (scheme://host[:port]) whose pages may call the API from a browser; none (the default) turns CORS off.</summary>
    public string[] Origins { get; set; } = [];
}

/// <summary>The HTTP conveniences of the API: compression, HEAD, CORS on request, rate limits.</summary>
public static class ApiHttpExtensions
{
    private const string CorsPolicy = "api";

    public static IHostApplicationBuilder AddApiHttp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(options =>
        {
            // Nothing secret is ever reflected into a compressed answer (keys are never echoed), so HTTPS may compress too.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/problem+json", ReportFormat.Csv];
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);

        var cors = builder.Configuration.GetSection("Api:Cors").Get<ApiCorsOptions>() ?? new ApiCorsOptions();
        if (cors.Origins.Length > 0)
        {
            builder.Services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(cors.Origins)
                .WithMethods("GET", "HEAD", "POST", "PUT", "DELETE")
                .WithHeaders("Authorization", "X-Api-Key", "Content-Type", "If-None-Match", "Accept")
                .WithExposedHeaders("ETag", "Link", ApiCaching.DataVersionHeader, "Retry-After",
                    "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy", "Content-Disposition")));
        }

        builder.AddApiRateLimiting();
        return builder;
    }

    /// <summary>HEAD and compression wrap everything; CORS and the rate limits run before authentication.</summary>
    public static WebApplication UseApiHttpOuter(this WebApplication app)
    {
        app.UseMiddleware<HeadRequests>();
        app.UseResponseCompression();
        return app;
    }

    public static WebApplication UseApiHttpInner(this WebApplication app)
    {
        app.UseRouting();
        if (app.Configuration.GetSection("Api:Cors").Get<ApiCorsOptions>() is { Origins.Length: > 0 })
        {
            app.UseCors(CorsPolicy);
        }

        app.UseApiRateLimiting();
        return app;
    }
}

/// <summary>
/// HEAD wherever GET: the request runs as a GET, its headers (status, ETag, Content-Type,
/// Content-Length) go out, its body does not.
/// </summary>
internal sealed class HeadRequests(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        context.Request.Method = HttpMethods.Get;
        var body = context.Response.Body;
        await using var counter = new CountingStream();
        context.Response.Body = counter;
        try
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.ContentLength is null)
            {
                context.Response.ContentLength = counter.Length;
            }
        }
        finally
        {
            context.Response.Body = body;
            context.Request.Method = HttpMethods.Head;
        }
    }

    /// <summary>Counts the bytes of a body that is not sent.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }
    }
}
