namespace Engagement.Domain.Model;

/// <summary>
/// Enforces methodology.md §1 while accounts arrive one by one: an account, identified by
/// (network, handle), belongs to one brand, and a brand has at most one account per network.
/// An identical repeat is accepted once (imports are idempotent).
/// </summary>
public sealed class AccountRegistry
{
    private readonly Dictionary<AccountKey, string> _ownerByAccount = [];
    private readonly Dictionary<(string Brand, string Network), string> _handleByBrandNetwork = [];

    public IEnumerable<Account> Accounts =>
        _ownerByAccount.Select(pair => new Account(pair.Value, pair.Key.Network, pair.Key.Handle));

    /// <summary>Adds the account; returns the conflict (column and reason) when it breaks a rule.</summary>
    public AccountConflict? TryAdd(Account account)
    {
        if (_ownerByAccount.TryGetValue(account.Key, out var owner))
        {
            return owner == account.Brand
                ? null
                : new AccountConflict("handle", $"account {account.Network}/{account.Handle} already belongs to brand '{owner}'");
        }

        if (_handleByBrandNetwork.TryGetValue((account.Brand, account.Network), out var current))
        {
            return new AccountConflict("network", $"brand '{account.Brand}' already has an account on {account.Network} ({current})");
        }

        _ownerByAccount[account.Key] = account.Brand;
        _handleByBrandNetwork[(account.Brand, account.Network)] = account.Handle;
        return null;
    }

    /// <summary>True when this exact account is already registered.</summary>
    public bool Contains(Account account) =>
        _ownerByAccount.TryGetValue(account.Key, out var owner) && owner == account.Brand;
}

/// <summary>Why an account row was refused: the column at fault and a reason a user can act on.</summary>
public sealed record AccountConflict(string Column, string Reason);
