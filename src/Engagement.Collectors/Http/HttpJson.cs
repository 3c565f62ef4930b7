using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Engagement.Collectors.Http;

/// <summary>The one way the typed clients call an endpoint and read its JSON.</summary>
internal static class HttpJson
{
    private const int ExcerptLength = 300;

    /// <summary>
    /// GETs <paramref name="url"/>; a non-success status becomes the exception <paramref name="onError"/>
    /// returns (or a <see cref="CollectorHttpException"/>), a body that is not the expected JSON a <see cref="JsonException"/>.
    /// </summary>
    public static async Task<(T Value, HttpResponseMessage Response)> GetAsync<T>(
        HttpClient http,
        Uri url,
        JsonTypeInfo<T> type,
        string? lane,
        Func<HttpResponseMessage, string, Exception?>? onError,
        CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lane is not null)
        {
            request.Options.Set(NetworkPolicy.LaneKey, lane);
        }

        var response = await http.SendAsync(request, ct);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                throw onError?.Invoke(response, body)
                    ?? new CollectorHttpException(response.StatusCode, Redact(url), Excerpt(body));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var value = await JsonSerializer.DeserializeAsync(stream, type, ct)
                ?? throw new JsonException($"{Redact(url)} answered JSON null");
            return (value, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public static string Excerpt(string body) => body.Length <= ExcerptLength ? body : body[..ExcerptLength] + "...";

    /// <summary>The URL without its query, so API keys never reach logs or statuses.</summary>
    public static string Redact(Uri url) => url.GetLeftPart(UriPartial.Path);
}
