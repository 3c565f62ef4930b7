using Engagement.Collectors.Http;
using Engagement.Domain.Model;
using Microsoft.Extensions.Logging;

namespace Engagement.Collectors.Engine;

/// <summary>What the engine checks before it stores or shows anything (issue 12): field rules and error texts.</summary>
internal sealed partial class CollectorEngine
{
    // What a status (readable by read keys) says of a failure: never an address or a port, which
    // would turn the collectors into a scanner of the service's own network.
    private static string Describe(Exception e) => e switch
    {
        HttpRequestException { InnerException.Message: PublicAddressGuard.RefusedMessage } => $"HttpRequestException: {PublicAddressGuard.RefusedMessage}",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "HttpRequestException: the network's server name could not be resolved",
        HttpRequestException { Message: PublicAddressGuard.RefusedMessage } => $"HttpRequestException: {PublicAddressGuard.RefusedMessage}",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "HttpRequestException: could not connect to the network's server",
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "HttpRequestException: the TLS connection to the network's server failed",
        HttpRequestException request => $"HttpRequestException: the request failed ({request.HttpRequestError})",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    /// <summary>
    /// What a network returned, through the field rules every import applies: a post or snapshot
    /// that breaks them (an instant out of range, a handle no export could read back) is left out and logged.
    /// </summary>
    private (IReadOnlyList<Post> Posts, FollowerSnapshot? Followers) Checked(Account account, IReadOnlyList<Post> posts, FollowerSnapshot? followers)
    {
        var kept = posts.Where(post => Keep(account, post.PostId, rules.PostProblem(post))).ToList();
        var snapshot = followers is { } f && !Keep(account, "the follower count", rules.DayProblem(f.Date) ?? rules.HandleProblem(f.Handle)) ? null : followers;
        return (kept.Count == posts.Count ? posts : kept, snapshot);
    }

    private bool Keep(Account account, string what, string? problem)
    {
        if (problem is null)
        {
            return true;
        }

        log.LogWarning("{Network} {Handle}: left out {What}: {Problem}", account.Network, account.Handle, what.Length > 64 ? what[..64] : what, problem);
        return false;
    }
}
