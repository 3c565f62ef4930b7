using System.Net.Http.Headers;
using System.Text;
using Engagement.Collectors.Http;
using Engagement.Data.Store.Deliveries;
using Microsoft.Extensions.Options;

namespace Engagement.Service.Deliveries;

/// <summary>
/// POSTs a delivery to its webhook: the event as <c>application/json</c>, or, when the run has files,
/// <c>multipart/form-data</c> with the JSON as the part <c>payload</c> and each file as a part
/// <c>files</c>. The body is signed (<see cref="WebhookSignature"/>); headers name the delivery
/// (<c>Engagement-Delivery</c>, stable across retries: receivers use it to drop duplicates) and
/// the event. The connection goes through <see cref="PublicAddressGuard"/>; redirects are not followed.
/// </summary>
public sealed class WebhookSender(HttpClient http, TimeProvider time)
{
    public const string ClientName = "webhooks";
    public const string DeliveryHeader = "Engagement-Delivery";
    public const string EventHeader = "Engagement-Event";

    public async Task<SendResult> SendAsync(Delivery delivery, IReadOnlyList<RunFile> files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(files);
        var (body, contentType) = await BodyAsync(delivery, files, ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(delivery.SigningSecret, time.GetUtcNow(), body));
        request.Headers.Add(DeliveryHeader, delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(EventHeader, delivery.Event);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => SendResult.Ok(status),
                408 or 425 or 429 or >= 500 => SendResult.Retry($"the webhook answered {status} {response.ReasonPhrase}", status, RetryAfter(response)),
                _ => SendResult.Refused($"the webhook answered {status} {response.ReasonPhrase}", status),
            };
        }
        catch (HttpRequestException e) when (e.Message == PublicAddressGuard.RefusedMessage || e.InnerException?.Message == PublicAddressGuard.RefusedMessage)
        {
            return SendResult.Refused("refused: the webhook is not at a public address (Collectors:Outbound:AllowedRanges)");
        }
        catch (HttpRequestException e)
        {
            return SendResult.Retry($"the webhook could not be reached ({e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return SendResult.Retry("the webhook did not answer in time (Deliveries:WebhookTimeout)");
        }
    }

    /// <summary>The receiver's <c>Retry-After</c> (RFC 9110: seconds or an HTTP date), if any.</summary>
    private DateTimeOffset? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => time.GetUtcNow() + delta,
        { Date: { } date } => date,
        _ => null,
    };

    private static async Task<(byte[] Body, string ContentType)> BodyAsync(Delivery delivery, IReadOnlyList<RunFile> files, CancellationToken ct)
    {
        if (files.Count == 0)
        {
            return (Encoding.UTF8.GetBytes(delivery.Payload), "application/json; charset=utf-8");
        }

        using var form = new MultipartFormDataContent($"engagement-{delivery.Id}-{Guid.NewGuid():N}");
        form.Add(new StringContent(delivery.Payload, Encoding.UTF8, "application/json"), "payload");
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            form.Add(part, "files", file.Name);
        }

        return (await form.ReadAsByteArrayAsync(ct), form.Headers.ContentType!.ToString());
    }

    /// <summary>The webhook URL rules checked when a schedule or rule is saved: absolute http(s), no credentials in it.</summary>
    public static string? UrlProblem(string url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            ? $"'{url}' is not an absolute http(s) URL"
            : uri.UserInfo.Length > 0 ? "the webhook URL must not carry a user name or password"
            : url.Length > 2000 ? "the webhook URL is longer than 2000 characters"
            : null;

    internal static void Configure(IServiceCollection services)
    {
        services.AddHttpClient<WebhookSender>(ClientName, (sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.WebhookTimeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("engagement-webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<PublicAddressGuard>().ConnectAsync,
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
    }
}
