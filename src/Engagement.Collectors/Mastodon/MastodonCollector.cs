using Engagement.Collectors.Engine;
using Engagement.Collectors.Http;
using Engagement.Domain.Model;

namespace Engagement.Collectors.Mastodon;

/// <summary>
/// One Mastodon account: its statuses back to the cutoff (counts refreshed on every run), the
/// replies of the statuses whose reply count changed, and the post each new answer replies to.
/// </summary>
internal sealed class MastodonCollector(MastodonClient client) : INetworkCollector
{
    public string Network => CollectorNetworks.Mastodon;

    public async Task<AccountHarvest> CollectAsync(AccountPass pass, CancellationToken ct)
    {
        var handle = pass.Account.Handle;
        var at = handle.LastIndexOf('@');
        if (at <= 0 || at == handle.Length - 1)
        {
            throw new AccountUnavailableException($"mastodon handle '{handle}' must be user@instance");
        }

        var instance = handle[(at + 1)..];
        var account = await client.LookupAsync(instance, handle, ct);
        if (account.Suspended)
        {
            throw new AccountUnavailableException($"mastodon account {handle} is suspended");
        }

        if (account.Moved is { } moved)
        {
            throw new AccountUnavailableException($"mastodon account {handle} moved to {moved.Acct}: track the new handle");
        }

        var own = await ReadOwnStatusesAsync(pass, instance, account.Id, ct);
        var threads = await ReadThreadsAsync(pass, instance, account.Id, own, ct);

        var names = new MastodonNames(instance);
        names.Learn(account.Id, handle);
        foreach (var status in own.Concat(threads))
        {
            names.Learn(status);
        }

        await ResolveRepliedAccountsAsync(names, instance, own.Concat(threads), ct);

        var posts = new PostSet();
        foreach (var status in threads.Concat(own))
        {
            if (MastodonMapper.ToPost(status, names) is { } post)
            {
                posts.Add(post);
            }
        }

        var newest = own.MaxBy(s => s.CreatedAt)?.Id ?? pass.State.Cursor;
        return new AccountHarvest(posts.ToList(), pass.Followers(account.FollowersCount), newest);
    }

    private async Task<List<MastodonStatus>> ReadOwnStatusesAsync(AccountPass pass, string instance, string accountId, CancellationToken ct)
    {
        var own = new List<MastodonStatus>();
        var page = client.FirstStatusesPage(instance, accountId);
        for (var pages = 0; page is not null && pages < pass.Options.MaxPages; pages++)
        {
            var result = await client.GetStatusesAsync(instance, page, ct);
            var reachedCutoff = false;
            foreach (var status in result.Statuses)
            {
                if (status.Reblog is not null)
                {
                    continue;
                }

                if (UtcMicros.FromDateTimeOffset(status.CreatedAt) < pass.CutoffMicros)
                {
                    // Newest first (pinned statuses are not listed without pinned=true), so the rest is older.
                    reachedCutoff = true;
                    continue;
                }

                own.Add(status);
            }

            if (reachedCutoff || result.Statuses.Count == 0)
            {
                break;
            }

            page = result.Next;
        }

        return own;
    }

    /// <summary>
    /// Replies are fetched only where something changed: a status whose reply count differs from
    /// the stored one, and a new answer (for the post it answers). That keeps hourly runs cheap.
    /// </summary>
    private async Task<List<MastodonStatus>> ReadThreadsAsync(
        AccountPass pass, string instance, string accountId, List<MastodonStatus> own, CancellationToken ct)
    {
        var known = await pass.Store.GetReplyCountsAsync(Network, pass.Account.Handle, pass.CutoffMicros, ct);
        var found = new List<MastodonStatus>();
        foreach (var status in own)
        {
            var repliesChanged = status.RepliesCount > 0
                && (!known.TryGetValue(status.Id, out var stored) || stored != status.RepliesCount);
            var newAnswer = status.InReplyToAccountId is { } to && to != accountId && !known.ContainsKey(status.Id);
            if (!repliesChanged && !newAnswer)
            {
                continue;
            }

            var context = await client.GetContextAsync(instance, status.Id, ct);
            if (repliesChanged)
            {
                found.AddRange(context.Descendants ?? []);
            }

            if (newAnswer && context.Ancestors?.FirstOrDefault(a => a.Id == status.InReplyToId) is { } parent)
            {
                found.Add(parent);
            }
        }

        return found;
    }

    /// <summary>A reply's parent account is normally among its mentions; the rare other one is looked up.</summary>
    private async Task ResolveRepliedAccountsAsync(MastodonNames names, string instance, IEnumerable<MastodonStatus> statuses, CancellationToken ct)
    {
        var unknown = statuses
            .Select(s => s.InReplyToAccountId)
            .OfType<string>()
            .Where(id => names.Resolve(id) is null)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var id in unknown)
        {
            try
            {
                var account = await client.GetAccountAsync(instance, id, ct);
                if (account.Acct is { } acct)
                {
                    names.Learn(id, names.Qualify(acct));
                }
            }
            catch (CollectorHttpException)
            {
                // A deleted parent account: the reply keeps a null parent author (a brand post if B's).
            }
        }
    }
}
