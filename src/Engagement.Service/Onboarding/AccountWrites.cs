using Engagement.Collectors;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Api;
using Engagement.Service.Security;

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

    /// <summary>
    /// Why <paramref name="brand"/> cannot track the account: another brand has it. Which brand is
    /// told only to a caller who may see that brand.
    /// </summary>
    public static async Task<string?> OwnerProblemAsync(
        AccountRepository accounts, BrandAccess access, Caller caller, string brand, string network, string handle, CancellationToken ct)
    {
        if (await accounts.FindAsync(network, handle, ct) is not { } owner || owner.Brand == brand)
        {
            return null;
        }

        var who = await access.SeesAsync(caller, owner.Brand, ct) ? $"brand '{owner.Brand}'" : "another brand";
        return $"account {network}/{handle} already belongs to {who}";
    }

    /// <summary>
    /// Sets the account (handle already normalised and checked, the brand the caller's); true when it
    /// is new to the brand's network (created), false when it replaced or repeated the brand's account there.
    /// </summary>
    public static async Task<bool> SetAsync(
        AccountRepository accounts, BrandAccess access, Caller caller, string brand, string network, string handle, CancellationToken ct)
    {
        if (await OwnerProblemAsync(accounts, access, caller, brand, network, handle, ct) is { } owned)
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
