using System.Net;
using Engagement.Collectors.Http;
using Engagement.Collectors.Options;
using Microsoft.Extensions.Options;

namespace Engagement.Collectors.Mastodon;

/// <summary>
/// Mastodon's public REST API, unauthenticated. Each account lives on its own instance, so
/// every call names the instance; <c>Collectors:Mastodon:BaseUrl</c> replaces them all.
/// </summary>
public sealed class MastodonClient(HttpClient http, IOptions<MastodonCollectorOptions> options)
{
    public const int PageSize = 40;

    public Uri BaseUrlOf(string instance) => options.Value.ResolveBaseUrl($"https://{instance}/");

    /// <summary>The account by <c>user@instance</c>; <see cref="AccountUnavailableException"/> when gone or suspended.</summary>
    public async Task<MastodonAccount> LookupAsync(string instance, string acct, CancellationToken ct)
    {
        var url = new Uri(BaseUrlOf(instance), $"api/v1/accounts/lookup?acct={Uri.EscapeDataString(acct)}");
        var (account, response) = await HttpJson.GetAsync(http, url, MastodonJsonContext.Default.MastodonAccount, instance, NotFound(acct), ct);
        response.Dispose();
        return account;
    }

    public async Task<MastodonAccount> GetAccountAsync(string instance, string id, CancellationToken ct)
    {
        var url = new Uri(BaseUrlOf(instance), $"api/v1/accounts/{Uri.EscapeDataString(id)}");
        var (account, response) = await HttpJson.GetAsync(http, url, MastodonJsonContext.Default.MastodonAccount, instance, null, ct);
        response.Dispose();
        return account;
    }

    /// <summary>The first page of an account's own statuses, boosts excluded, newest first.</summary>
    public Uri FirstStatusesPage(string instance, string accountId) =>
        new(BaseUrlOf(instance), $"api/v1/accounts/{Uri.EscapeDataString(accountId)}/statuses?limit={PageSize}&exclude_reblogs=true");

    /// <summary>A page of statuses; its next page is rebuilt against the configured base URL.</summary>
    public async Task<MastodonPage> GetStatusesAsync(string instance, Uri page, CancellationToken ct)
    {
        var (statuses, response) = await HttpJson.GetAsync(http, page, MastodonJsonContext.Default.ListMastodonStatus, instance, null, ct);
        using (response)
        {
            var next = LinkHeader.Next(response);
            return new MastodonPage(statuses, next is null ? null : LinkHeader.Rebase(next, BaseUrlOf(instance)));
        }
    }

    /// <summary>The ancestors and descendants (replies, recursively) of a status.</summary>
    public async Task<MastodonContext> GetContextAsync(string instance, string statusId, CancellationToken ct)
    {
        var url = new Uri(BaseUrlOf(instance), $"api/v1/statuses/{Uri.EscapeDataString(statusId)}/context");
        var (context, response) = await HttpJson.GetAsync(http, url, MastodonJsonContext.Default.MastodonContext, instance, null, ct);
        response.Dispose();
        return context;
    }

    private static Func<HttpResponseMessage, string, Exception?> NotFound(string acct) => (response, body) =>
        response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone
            ? new AccountUnavailableException($"mastodon account {acct} not found ({(int)response.StatusCode}): {HttpJson.Excerpt(body)}")
            : null;
}
