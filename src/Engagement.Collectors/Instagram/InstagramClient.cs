using Engagement.Collectors.Graph;
using Engagement.Collectors.Http;
using Engagement.Collectors.Options;
using Microsoft.Extensions.Options;

namespace Engagement.Collectors.Instagram;

/// <summary>
/// The Instagram API with Facebook Login calls the collector makes (networks.md, instagram): the
/// app user's own account with its media and comments, other accounts through business discovery.
/// </summary>
public sealed class InstagramClient
{
    public const int MediaPageSize = 100;
    public const int CommentPageSize = 50;
    public const int DiscoveryPageSize = 50;

    internal const string MediaFields = "id,caption,timestamp,like_count,comments_count";

    internal const string CommentFields = "id,username,text,timestamp,like_count,replies.limit(50){id,username,text,timestamp,like_count,parent_id}";

    private readonly GraphRequests _graph;
    private readonly InstagramCollectorOptions _options;

    public InstagramClient(HttpClient http, IOptions<InstagramCollectorOptions> options)
    {
        _options = options.Value;
        _graph = new GraphRequests(http, _options, CollectorNetworks.Instagram);
    }

    /// <summary>The app user's own IG user id (<c>Collectors:Instagram:UserId</c>).</summary>
    public string UserId => string.IsNullOrWhiteSpace(_options.UserId)
        ? throw new InvalidOperationException($"{InstagramCollectorOptions.SectionName}:UserId is not set")
        : _options.UserId.Trim();

    public Task<InstagramUser> GetOwnUserAsync(CancellationToken ct) =>
        _graph.GetAsync(
            _graph.Url($"{Uri.EscapeDataString(UserId)}?fields=id,username,followers_count"),
            InstagramJsonContext.Default.InstagramUser,
            null,
            ct);

    /// <summary>The first page of the own account's media, newest first.</summary>
    public Uri FirstMediaPage() => _graph.Url($"{Uri.EscapeDataString(UserId)}/media?fields={MediaFields}&limit={MediaPageSize}");

    public Task<GraphList<InstagramMedia>> GetMediaAsync(Uri page, CancellationToken ct) =>
        _graph.GetAsync(page, InstagramJsonContext.Default.GraphListInstagramMedia, null, ct);

    /// <summary>The first page of a media's top-level comments, each with its first replies.</summary>
    public Uri FirstCommentsPage(string mediaId) =>
        _graph.Url($"{Uri.EscapeDataString(mediaId)}/comments?fields={CommentFields}&limit={CommentPageSize}");

    public Task<GraphList<InstagramComment>> GetCommentsAsync(Uri page, CancellationToken ct) =>
        _graph.GetAsync(page, InstagramJsonContext.Default.GraphListInstagramComment, null, ct);

    public Task<GraphList<InstagramReply>> GetRepliesAsync(Uri page, CancellationToken ct) =>
        _graph.GetAsync(page, InstagramJsonContext.Default.GraphListInstagramReply, null, ct);

    /// <summary>
    /// Another professional account through business discovery: its follower count and a page
    /// of its media (after cursor <paramref name="after"/>); <see cref="AccountUnavailableException"/>
    /// when the username is not a business or creator account.
    /// </summary>
    public Task<InstagramUser> DiscoverAsync(string username, string? after, CancellationToken ct)
    {
        var media = string.IsNullOrEmpty(after) ? $"media.limit({DiscoveryPageSize})" : $"media.limit({DiscoveryPageSize}).after({after})";
        var fields = $"business_discovery.username({username}){{followers_count,{media}{{{MediaFields}}}}}";
        return _graph.GetAsync(
            _graph.Url($"{Uri.EscapeDataString(UserId)}?fields={Uri.EscapeDataString(fields)}"),
            InstagramJsonContext.Default.InstagramUser,
            error => GraphRequests.IsMissingNode(error)
                ? new AccountUnavailableException($"instagram account {username} cannot be read through business discovery (not a business or creator account, or gone): {GraphErrors.Describe(error)}")
                : null,
            ct);
    }

    /// <summary>The next page of a list, under the configured base URL.</summary>
    public Uri? Next<T>(GraphList<T> list) => _graph.Next(list.Paging?.Next);
}
