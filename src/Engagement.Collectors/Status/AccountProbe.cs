using Engagement.Collectors.Bluesky;
using Engagement.Collectors.Facebook;
using Engagement.Collectors.Http;
using Engagement.Collectors.Instagram;
using Engagement.Collectors.Mastodon;
using Engagement.Collectors.X;
using Engagement.Collectors.YouTube;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Collectors.Status;

/// <summary>What the network said of an account before it is tracked.</summary>
public enum ProbeOutcome
{
    /// <summary>The network knows the account.</summary>
    Found,

    /// <summary>The network says there is no such account (or it is gone, suspended, not readable).</summary>
    NotFound,

    /// <summary>Not asked: no collector or no credentials, or the network did not answer in time.</summary>
    Unchecked,
}

/// <summary>The network's answer for one account, with what to tell the person who typed it.</summary>
public sealed record ProbeResult(ProbeOutcome Outcome, string Detail);

/// <summary>
/// Asks a network whether an account exists, with the collector's own client (its base URL,
/// credentials, rate-limit gate and retries), before the account is tracked: the first call of
/// the account's collection, made while the person is still on the form. A network that cannot
/// be asked (CSV only, credentials missing) is not asked. Like <c>collect --once</c>, it works
/// while the network's background worker is switched off.
/// </summary>
public sealed class AccountProbe
{
    private readonly IServiceProvider _services;
    private readonly NetworkGates _gates;

    internal AccountProbe(IServiceProvider services, NetworkGates gates)
    {
        _services = services;
        _gates = gates;
    }

    /// <summary>How long a form waits for the network before saving the account unchecked. Default 8 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(8);

    public async Task<ProbeResult> ProbeAsync(string network, string handle, CancellationToken ct)
    {
        if (!CollectorNetworks.IsCollected(network))
        {
            return new(ProbeOutcome.Unchecked, $"not checked: {network} accounts come from imported CSV files");
        }

        var options = _gates[network].Options;
        if (options.DisabledReason is { } disabled)
        {
            return new(ProbeOutcome.Unchecked, $"not checked: {disabled}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            return await LookUpAsync(network, handle, timeout.Token)
                ? new(ProbeOutcome.Found, $"found on {network}")
                : new(ProbeOutcome.NotFound, $"{network} has no account '{handle}'");
        }
        catch (AccountUnavailableException unavailable)
        {
            return new(ProbeOutcome.NotFound, unavailable.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(ProbeOutcome.Unchecked, $"not checked: {network} did not answer within {Timeout.TotalSeconds:0} s; the collector will try");
        }
        catch (Exception failure) when (failure is CollectorHttpException or HttpRequestException or NetworkUnauthorizedException
            or NetworkPausedException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return new(ProbeOutcome.Unchecked, $"not checked: {failure.Message}");
        }
    }

    private async Task<bool> LookUpAsync(string network, string handle, CancellationToken ct)
    {
        switch (network)
        {
            case CollectorNetworks.Mastodon:
                var at = handle.IndexOf('@', StringComparison.Ordinal);
                await Client<MastodonClient>().LookupAsync(handle[(at + 1)..], handle, ct);
                return true;
            case CollectorNetworks.Bluesky:
                await Client<BlueskyClient>().GetProfileAsync(handle, ct);
                return true;
            case CollectorNetworks.YouTube:
                return await Client<YouTubeClient>().GetChannelAsync(handle, ct) is not null;
            case CollectorNetworks.Facebook:
                await Client<FacebookClient>().GetPageAsync(handle, ct);
                return true;
            case CollectorNetworks.Instagram:
                await Client<InstagramClient>().DiscoverAsync(handle, after: null, ct);
                return true;
            case CollectorNetworks.X:
                await Client<XClient>().GetUserAsync(handle, ct);
                return true;
            default:
                throw new InvalidOperationException($"no look-up for {network}");
        }
    }

    private T Client<T>()
        where T : notnull => _services.GetRequiredService<T>();
}
