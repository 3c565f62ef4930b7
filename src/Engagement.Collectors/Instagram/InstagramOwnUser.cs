namespace Engagement.Collectors.Instagram;

/// <summary>
/// The username of <c>Collectors:Instagram:UserId</c>, learned once per process: it decides which
/// registered account is the own one (comments) and which are read through business discovery.
/// </summary>
internal sealed class InstagramOwnUser
{
    private volatile string? _username;

    public string? Username => _username;

    public void Learn(string? username)
    {
        if (!string.IsNullOrWhiteSpace(username))
        {
            _username = Engagement.Domain.Model.Handle.Normalize(username);
        }
    }
}
