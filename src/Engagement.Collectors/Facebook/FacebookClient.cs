using Engagement.Collectors.Graph;
using Engagement.Collectors.Http;
using Engagement.Collectors.Options;
using Microsoft.Extensions.Options;

namespace Engagement.Collectors.Facebook;

/// <summary>The Graph API calls the Facebook collector makes: the Page, its posts, their comments (networks.md, facebook).</summary>
public sealed class FacebookClient
{
    public const int PageSize = 100;

    internal const string PostFields =
        "id,created_time,message_tags,parent_id,shares,reactions.limit(0).summary(total_count),comments.limit(0).summary(true)";

    internal const string CommentFields = "id,from{id},created_time,parent{id},message_tags,like_count,comment_count";

    private readonly GraphRequests _graph;

    public FacebookClient(HttpClient http, IOptions<FacebookCollectorOptions> options) =>
        _graph = new GraphRequests(http, options.Value, CollectorNetworks.Facebook);

    /// <summary>The Page by username; <see cref="AccountUnavailableException"/> when there is none.</summary>
    public Task<FacebookPage> GetPageAsync(string handle, CancellationToken ct) =>
        _graph.GetAsync(
            _graph.Url($"{Uri.EscapeDataString(handle)}?fields=id,username,followers_count"),
            FacebookJsonContext.Default.FacebookPage,
            error => GraphRequests.IsMissingNode(error)
                ? new AccountUnavailableException($"facebook page {handle} not found: {GraphErrors.Describe(error)}")
                : null,
            ct);

    /// <summary>The first page of the Page's posts created since <paramref name="since"/>.</summary>
    public Uri FirstPostsPage(string pageId, DateTimeOffset since) =>
        _graph.Url($"{Uri.EscapeDataString(pageId)}/posts?fields={PostFields}&since={since.ToUnixTimeSeconds()}&limit={PageSize}");

    /// <summary>The first page of every comment on a post, replies included, oldest first.</summary>
    public Uri FirstCommentsPage(string postId) =>
        _graph.Url($"{Uri.EscapeDataString(postId)}/comments?filter=stream&order=chronological&fields={CommentFields}&limit={PageSize}");

    public Task<GraphList<FacebookPost>> GetPostsAsync(Uri page, CancellationToken ct) =>
        _graph.GetAsync(page, FacebookJsonContext.Default.GraphListFacebookPost, null, ct);

    public Task<GraphList<FacebookComment>> GetCommentsAsync(Uri page, CancellationToken ct) =>
        _graph.GetAsync(page, FacebookJsonContext.Default.GraphListFacebookComment, null, ct);

    /// <summary>The next page of a list, under the configured base URL.</summary>
    public Uri? Next<T>(GraphList<T> list) => _graph.Next(list.Paging?.Next);
}
