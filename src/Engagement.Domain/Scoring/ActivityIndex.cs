using Engagement.Domain.Model;

namespace Engagement.Domain.Scoring;

/// <summary>
/// Classifies a stream of posts against a set of tracked accounts in one pass (methodology.md
/// §3). Posts that concern no tracked account are not kept, so memory follows the
/// tracked accounts' activity, not the input size.
/// </summary>
public sealed class ActivityIndex
{
    private readonly Dictionary<AccountKey, AccountActivity> _byKey = [];

    public ActivityIndex(IEnumerable<Account> accounts)
    {
        foreach (var account in accounts)
        {
            _byKey[account.Key] = new AccountActivity(account);
        }
    }

    public IEnumerable<AccountActivity> Activities => _byKey.Values;

    public AccountActivity? Find(AccountKey key) => _byKey.GetValueOrDefault(key);

    public static ActivityIndex Build(IEnumerable<Account> accounts, IEnumerable<Post> posts, IEnumerable<FollowerSnapshot> followers)
    {
        var index = new ActivityIndex(accounts);
        foreach (var post in posts)
        {
            index.Add(post);
        }

        index.SetFollowers(followers);
        return index;
    }

    public void Add(Post post)
    {
        if (_byKey.TryGetValue(new AccountKey(post.Network, post.Author), out var own))
        {
            own.AddOwn(post);
        }

        // A user post is aimed at B by a reply or a mention; one post may address several
        // brands, and addressing B twice (reply and mention) still makes one user post of B.
        AccountActivity? replied = null;
        if (post.InReplyToAuthor is { } parentAuthor && parentAuthor != post.Author
            && _byKey.TryGetValue(new AccountKey(post.Network, parentAuthor), out replied))
        {
            replied.AddUserPost(post);
        }

        for (var i = 0; i < post.Mentions.Count; i++)
        {
            var mention = post.Mentions[i];
            if (mention != post.Author && !IsRepeated(post.Mentions, i)
                && _byKey.TryGetValue(new AccountKey(post.Network, mention), out var mentioned)
                && !ReferenceEquals(mentioned, replied))
            {
                mentioned.AddUserPost(post);
            }
        }
    }

    private static bool IsRepeated(IReadOnlyList<string> mentions, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (mentions[i] == mentions[index])
            {
                return true;
            }
        }

        return false;
    }

    public void SetFollowers(IEnumerable<FollowerSnapshot> followers)
    {
        foreach (var group in followers.GroupBy(s => new AccountKey(s.Network, s.Handle)))
        {
            if (_byKey.TryGetValue(group.Key, out var activity))
            {
                activity.Followers = new FollowerHistory(group.Select(s => (s.Date, s.Followers)));
            }
        }
    }
}
