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

    /// <summary>Why <paramref name="brand"/> cannot track the account: <paramref name="owner"/> (the account as stored, if any) is another brand's.</summary>
    public static string? OwnerProblem(Account? owner, string brand) =>
        owner is not null && owner.Brand != brand ? $"account {owner.Network}/{owner.Handle} already belongs to brand '{owner.Brand}'" : null;

    /// <summary>
    /// Sets the account (handle already normalised and checked); true when it is new to the brand's
    /// network (created), false when it replaced or repeated the brand's account there.
    /// </summary>
    public static async Task<bool> SetAsync(AccountRepository accounts, string brand, string network, string handle, CancellationToken ct)
    {
        if (OwnerProblem(await accounts.FindAsync(network, handle, ct), brand) is { } owned)
        {
            throw new ApiParameterException("handle", owned);
        }

        // A brand has one account per network: its current one there (if another) goes first.
        var current = (await accounts.ListAsync(brand, ct)).FirstOrDefault(a => a.Network == network);
        if (current is not null && current.Handle != handle)
        {
            await accounts.DeleteAsync(network, current.Handle, ct);
        }

        var outcome = await accounts.AddAsync(new Account(brand, network, handle), ct);
        return outcome == WriteOutcome.Created && current is null;
    }
}
