using Engagement.Collectors;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Api;

namespace Engagement.Service.Onboarding;

/// <summary>
/// Setting a brand's account on a network, as the API's PUT and the onboarding pages both do it:
/// a known network, the handle in its network's syntax, an account belongs to one brand, and the
/// brand's other account on that network (if any) is replaced.
/// </summary>
public static class AccountWrites
{
    /// <summary>Why an account cannot be tracked on <paramref name="network"/>, or null.</summary>
    public static string? NetworkProblem(string network) =>
        CollectorNetworks.IsKnown(network)
            ? null
            : $"unknown network '{network}': use a collected network ({string.Join(", ", CollectorNetworks.All)}) "
                + $"or one imported as CSV only ({string.Join(", ", CollectorNetworks.CsvOnly)})";

    /// <summary>The brand that already tracks <paramref name="network"/>/<paramref name="handle"/>, other than <paramref name="brand"/>.</summary>
    public static string? OwnerProblem(IEnumerable<Account> onNetwork, string brand, string network, string handle) =>
        onNetwork.FirstOrDefault(a => a.Network == network && a.Handle == handle) is { } owned && owned.Brand != brand
            ? $"account {network}/{handle} already belongs to brand '{owned.Brand}'"
            : null;

    /// <summary>
    /// Sets the account (handle already normalised and checked); true when it is new to the brand's
    /// network (created), false when it replaced or repeated the brand's account there.
    /// </summary>
    public static async Task<bool> SetAsync(AccountRepository accounts, string brand, string network, string handle, CancellationToken ct)
    {
        var onNetwork = (await accounts.ListAsync(ct: ct)).Where(a => a.Network == network).ToList();
        if (OwnerProblem(onNetwork, brand, network, handle) is { } owned)
        {
            throw new ApiParameterException("handle", owned);
        }

        // A brand has one account per network: its current one there (if another) goes first.
        var current = onNetwork.FirstOrDefault(a => a.Brand == brand);
        if (current is not null && current.Handle != handle)
        {
            await accounts.DeleteAsync(network, current.Handle, ct);
        }

        var outcome = await accounts.AddAsync(new Account(brand, network, handle), ct);
        return outcome == WriteOutcome.Created && current is null;
    }
}
