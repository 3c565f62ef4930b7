using Engagement.Data.Store.Deliveries;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Deliveries;

namespace Engagement.Service.Api;

/// <summary>The checks schedules and alert rules share: the caller's workspace, brands, benchmark and delivery targets.</summary>
internal static class DeliveryRequests
{
    public const int MaxBrands = 20;
    public const int MaxEmails = 20;

    /// <summary>
    /// The brands a schedule or rule names: each tracked by <paramref name="workspace"/> and allowed
    /// by the caller's key (<paramref name="allows"/>); any other is "unknown", whether it exists or not.
    /// </summary>
    public static async Task<IReadOnlyList<string>> BrandsAsync(
        IReadOnlyList<string>? brands, string parameter, int min, string workspace, Func<string, bool> allows, WorkspaceRepository workspaces, CancellationToken ct)
    {
        var list = (brands ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count < min || list.Count > MaxBrands)
        {
            throw new ApiParameterException(parameter, $"{parameter}: give {min} to {MaxBrands} brand ids");
        }

        foreach (var brand in list)
        {
            BrandsApi.Id(brand, parameter);
            if (!allows(brand) || !await workspaces.TracksAsync(workspace, brand, ct))
            {
                throw new ApiParameterException(parameter, $"unknown brand '{brand}'");
            }
        }

        return list;
    }

    /// <summary>The benchmark as the reports take it; <c>peers:NAME</c> must be a peer set of <paramref name="workspace"/>.</summary>
    public static async Task<string> BenchmarkAsync(string? benchmark, string workspace, PeerSetRepository peerSets, CancellationToken ct)
    {
        BenchmarkSetSpec spec;
        try
        {
            spec = BenchmarkSetSpec.Parse(string.IsNullOrEmpty(benchmark) ? "all" : benchmark);
        }
        catch (DomainException invalid)
        {
            throw new ApiParameterException("benchmark", invalid.Message);
        }

        if (spec.Kind == BenchmarkKind.Peers && await peerSets.GetAsync(workspace, spec.Argument!, ct) is null)
        {
            throw new ApiParameterException("benchmark", $"unknown peer set '{spec.Argument}'");
        }

        return spec.ToString();
    }

    public static DeliveryTargets Targets(string? webhookUrl, IReadOnlyList<string>? emails, EmailSender email)
    {
        var url = string.IsNullOrWhiteSpace(webhookUrl) ? null : webhookUrl.Trim();
        if (url is not null)
        {
            BrandsApi.Check("webhookUrl", WebhookSender.UrlProblem(url));
        }

        var addresses = (emails ?? []).Select(e => e.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (addresses.Count > MaxEmails)
        {
            throw new ApiParameterException("emails", $"emails: at most {MaxEmails} addresses");
        }

        foreach (var address in addresses)
        {
            BrandsApi.Check("emails", EmailSender.IsAddress(address) ? null : $"'{address}' is not an e-mail address");
        }

        if (addresses.Count > 0 && !email.IsConfigured)
        {
            throw new ApiParameterException("emails", "e-mail is not configured on this server (Smtp:Host and Smtp:From): use a webhook, or ask the operator");
        }

        var targets = new DeliveryTargets(url, addresses);
        return targets.IsEmpty ? throw new ApiParameterException("webhookUrl", "give a webhookUrl or emails: where to send it") : targets;
    }
}
