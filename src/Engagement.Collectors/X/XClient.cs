using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Engagement.Collectors.Http;
using Engagement.Collectors.Options;
using Microsoft.Extensions.Options;

namespace Engagement.Collectors.X;

/// <summary>The X API v2 calls the collector makes, with the app's bearer token (networks.md, <c>x</c>).</summary>
public sealed class XClient
{
    public const int PageSize = 100;

    private const string TimelineFields =
        "tweet.fields=created_at,public_metrics,referenced_tweets,in_reply_to_user_id,conversation_id,author_id,entities"
        + "&expansions=author_id,in_reply_to_user_id&user.fields=username";

    private readonly HttpClient _http;
    private readonly XCollectorOptions _options;

    public XClient(HttpClient http, IOptions<XCollectorOptions> options)
    {
        _http = http;
        _options = options.Value;
        if (!string.IsNullOrWhiteSpace(_options.BearerToken))
        {
            // A typed client owns its HttpClient: the header goes on every request it sends.
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _options.BearerToken.Trim());
        }
    }

    /// <summary>The user by username, with its public metrics; <see cref="AccountUnavailableException"/> when there is none (or it is suspended).</summary>
    public async Task<XUser> GetUserAsync(string username, CancellationToken ct)
    {
        var url = new Uri(_options.ResolveBaseUrl(), $"users/by/username/{Uri.EscapeDataString(username)}?user.fields=public_metrics");
        var (answer, response) = await HttpJson.GetAsync(_http, url, XJsonContext.Default.XUserResponse, XPolicy.UsersLane, (r, body) => Error(r, body, url, username), ct);
        response.Dispose();
        if (answer.Data is { Id.Length: > 0 } user)
        {
            return user;
        }

        // A missing or suspended user is a 200 whose errors say so.
        var why = answer.Errors is { Count: > 0 } errors ? string.Join("; ", errors.Select(e => e.Describe())) : "no user in the answer";
        throw new AccountUnavailableException($"x user @{username} not found: {why}");
    }

    /// <summary>One page of the user's posts (<paramref name="mentions"/> false) or of the posts mentioning them.</summary>
    public async Task<XTimelineResponse> GetTimelineAsync(string userId, bool mentions, DateTimeOffset start, string? paginationToken, CancellationToken ct)
    {
        var startTime = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var path = $"users/{Uri.EscapeDataString(userId)}/{(mentions ? "mentions" : "tweets")}"
            + $"?start_time={Uri.EscapeDataString(startTime)}&max_results={PageSize}&{TimelineFields}"
            + (string.IsNullOrEmpty(paginationToken) ? "" : $"&pagination_token={Uri.EscapeDataString(paginationToken)}");
        var url = new Uri(_options.ResolveBaseUrl(), path);
        var (page, response) = await HttpJson.GetAsync(
            _http, url, XJsonContext.Default.XTimelineResponse, mentions ? XPolicy.MentionsLane : XPolicy.TweetsLane, (r, body) => Error(r, body, url, null), ct);
        response.Dispose();
        if (page.Data is null && page.Meta is null && page.Errors is { Count: > 0 } errors)
        {
            // Nothing but errors (a protected or suspended account): not a partial answer.
            throw new AccountUnavailableException($"x user {userId}: {string.Join("; ", errors.Select(e => e.Describe()))}");
        }

        return page;
    }

    /// <summary>
    /// A failed answer in the problem format. 401 (the token is invalid, expired or revoked) and
    /// 403 (the app has no access to the endpoint) are the same for every account: they stop the network.
    /// </summary>
    private static Exception Error(HttpResponseMessage response, string body, Uri url, string? username)
    {
        var problem = Parse(body);
        var what = problem?.Describe() ?? HttpJson.Excerpt(body);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new NetworkUnauthorizedException(
                CollectorNetworks.X, $"401 from {HttpJson.Redact(url)}: {what} (check Collectors:X:BearerToken: it is invalid, expired or revoked)"),
            HttpStatusCode.Forbidden => new NetworkUnauthorizedException(
                CollectorNetworks.X, $"403 from {HttpJson.Redact(url)}: {what} (the app behind Collectors:X:BearerToken has no access to this endpoint)"),
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound when username is not null =>
                new AccountUnavailableException($"x user @{username} cannot be looked up ({(int)response.StatusCode}): {what}"),
            _ => new CollectorHttpException(response.StatusCode, HttpJson.Redact(url), what),
        };
    }

    private static XProblem? Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, XJsonContext.Default.XProblem);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
