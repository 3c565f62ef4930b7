using System.Net;
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
    // A collector serves one account run (transient): contexts read in it are read once.
    private readonly Dictionary<string, MastodonContext> _contexts = new(StringComparer.Ordinal);

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
        var statuses = new Dictionary<string, MastodonStatus>(StringComparer.Ordinal);
        foreach (var status in (await ReadThreadsAsync(pass, instance, own, ct)).Concat(own))
        {
            statuses[status.Id] = status;
        }

        var names = new MastodonNames(instance);
        names.Learn(account.Id, handle);
        var parents = await ResolveParentAuthorsAsync(pass, instance, statuses, names, ct);

        var posts = new PostSet();
        foreach (var status in statuses.Values)
        {
            if (MastodonMapper.ToPost(status, names, parents.GetValueOrDefault(status.Id)) is { } post)
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
    /// the stored one. That keeps hourly runs cheap. The context's descendants are the whole
    /// subtree, so every reply's parent is among them (or is the status itself).
    /// </summary>
    private async Task<List<MastodonStatus>> ReadThreadsAsync(AccountPass pass, string instance, List<MastodonStatus> own, CancellationToken ct)
    {
        var known = await pass.Store.GetReplyCountsAsync(Network, pass.Account.Handle, pass.CutoffMicros, ct);
        var found = new List<MastodonStatus>();
        foreach (var status in own)
        {
            if (status.RepliesCount > 0 && (!known.TryGetValue(status.Id, out var stored) || stored != status.RepliesCount))
            {
                var context = await ContextAsync(instance, status.Id, ct);
                found.AddRange(context.Descendants ?? []);
            }
        }

        return found;
    }

    /// <summary>
    /// The author of each reply's parent, from the parent status itself. Mastodon's
    /// <c>in_reply_to_account_id</c> cannot say it: on a reply to the author's own reply it is
    /// carried over from the thread (Status#set_conversation), naming whoever the thread answered.
    /// Only when it names the author is it exact (then the parent is the author's own). Else the
    /// parent comes from this run's statuses, the store, or, once, the reply's context; a parent
    /// read that way is stored too, so later runs find it in the store.
    /// </summary>
    private async Task<Dictionary<string, string?>> ResolveParentAuthorsAsync(
        AccountPass pass, string instance, Dictionary<string, MastodonStatus> statuses, MastodonNames names, CancellationToken ct)
    {
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
        var unresolved = new List<MastodonStatus>();
        foreach (var status in statuses.Values)
        {
            names.Learn(status);
            if (status.InReplyToId is not { } parentId)
            {
                continue;
            }

            if (statuses.TryGetValue(parentId, out var parent) && parent.Account?.Acct is { } acct)
            {
                parents[status.Id] = names.Qualify(acct);
            }
            else if (status.InReplyToAccountId is not null && status.InReplyToAccountId == status.Account?.Id && status.Account.Acct is { } own)
            {
                parents[status.Id] = names.Qualify(own);
            }
            else if (status.InReplyToAccountId is not null)
            {
                unresolved.Add(status);
            }

            // No in_reply_to_account_id: the server does not know the parent (deleted, never fetched); it answers nobody.
        }

        if (unresolved.Count == 0)
        {
            return parents;
        }

        var stored = await pass.Store.GetAuthorsAsync(Network, [.. unresolved.Select(s => s.InReplyToId!)], ct);
        foreach (var status in unresolved)
        {
            parents[status.Id] = stored.TryGetValue(status.InReplyToId!, out var author)
                ? author
                : await ReadParentAsync(instance, status, statuses, names, parents, ct);
        }

        return parents;
    }

    /// <summary>
    /// The parent among the reply's ancestors, added to the run with its own parent's author (the
    /// ancestors hold that one too); null when it cannot be read (deleted, private).
    /// </summary>
    private async Task<string?> ReadParentAsync(
        string instance,
        MastodonStatus reply,
        Dictionary<string, MastodonStatus> statuses,
        MastodonNames names,
        Dictionary<string, string?> parents,
        CancellationToken ct)
    {
        if (!statuses.TryGetValue(reply.InReplyToId!, out var parent))
        {
            IReadOnlyList<MastodonStatus> ancestors;
            try
            {
                ancestors = (await ContextAsync(instance, reply.Id, ct)).Ancestors ?? [];
            }
            catch (CollectorHttpException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.Forbidden)
            {
                return null;
            }

            parent = ancestors.FirstOrDefault(a => a.Id == reply.InReplyToId);
            if (parent?.Account?.Acct is null)
            {
                return null;
            }

            // Stored with the run, so the next run finds the parent's author in the store.
            statuses[parent.Id] = parent;
            names.Learn(parent);
            if (parent.InReplyToId is { } grandparentId)
            {
                var grandparent = ancestors.FirstOrDefault(a => a.Id == grandparentId);
                parents[parent.Id] = grandparent?.Account?.Acct is { } above ? names.Qualify(above) : null;
            }
        }

        return parent.Account?.Acct is { } acct ? names.Qualify(acct) : null;
    }

    private async Task<MastodonContext> ContextAsync(string instance, string statusId, CancellationToken ct)
    {
        if (!_contexts.TryGetValue(statusId, out var context))
        {
            context = await client.GetContextAsync(instance, statusId, ct);
            _contexts[statusId] = context;
        }

        return context;
    }
}
