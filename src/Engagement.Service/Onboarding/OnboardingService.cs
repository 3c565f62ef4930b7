using System.Text;
using Engagement.Collectors.Status;
using Engagement.Data.Csv;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Security;

namespace Engagement.Service.Onboarding;

/// <summary>
/// Adding and editing a brand with its accounts from the web app: every field checked with the
/// rules the API and the import use (<see cref="FieldRules"/>, <see cref="AccountWrites"/>), the
/// accounts read from profile URLs or handles (<see cref="ProfileLinks"/>) and looked up on their
/// network through the collector (<see cref="AccountProbe"/>) before anything is saved.
/// </summary>
public sealed class OnboardingService(
    BrandRepository brands, AccountRepository accounts, BrandAccess access, FieldRules rules, AccountProbe? probe)
{
    /// <summary>Checks the form; <paramref name="existing"/> is the brand being edited (null: a new brand).</summary>
    public async Task<BrandFormCheck> CheckAsync(BrandForm form, string? existing, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<FieldError>();
        var name = form.Name?.Trim() ?? "";
        Add(errors, "name", rules.NameProblem(name));
        var id = existing ?? (string.IsNullOrWhiteSpace(form.Id) ? Slug(name) : form.Id.Trim());
        // An empty name already says what to fix: the id made from it adds nothing.
        if (existing is null && !(string.IsNullOrWhiteSpace(form.Id) && name.Length == 0))
        {
            Add(errors, "id", NotAnId(id, "an id")
                ?? (await access.SeesAsync(caller, id, ct) ? $"a brand '{id}' exists already: choose another id, or edit that brand"
                : await brands.GetAsync(id, ct) is not null ? $"the id '{id}' is taken: choose another" : null));
        }

        var industry = string.IsNullOrWhiteSpace(form.Industry) ? null : form.Industry.Trim();
        Add(errors, "industry", industry is null ? null : NotAnId(industry, "an industry id"));

        var rows = new List<(int Row, string Network, string Handle)>();
        for (var i = 0; i < form.Accounts.Count; i++)
        {
            var input = form.Accounts[i];
            if (string.IsNullOrWhiteSpace(input.Link))
            {
                continue;
            }

            var problem = await AccountProblemAsync(input, id, rows, caller, ct);
            Add(errors, BrandForm.AccountField(i), problem.Problem);
            if (problem.Problem is null)
            {
                rows.Add((i, problem.Network, problem.Handle));
            }
        }

        // Every account is looked up at once: a form waits for its slowest network, not their sum.
        var checkedAccounts = await Task.WhenAll(rows.Select(async row => new CheckedAccount(row.Row, row.Network, row.Handle,
            probe is null ? new ProbeResult(ProbeOutcome.Unchecked, "not checked") : await probe.ProbeAsync(row.Network, row.Handle, ct))));
        foreach (var missing in checkedAccounts.Where(a => a.Probe.Outcome == ProbeOutcome.NotFound))
        {
            errors.Add(new FieldError(BrandForm.AccountField(missing.Row), missing.Probe.Detail));
        }

        return new BrandFormCheck(id, name, industry, checkedAccounts, errors);
    }

    /// <summary>
    /// Saves a valid form: the brand, its accounts (one per network, replacing), and on an edit the
    /// removal of the networks left empty.
    /// </summary>
    public async Task SaveAsync(BrandFormCheck check, bool removeOthers, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!check.IsValid)
        {
            throw new InvalidOperationException("the form has errors: nothing to save");
        }

        ArgumentNullException.ThrowIfNull(caller);
        await brands.UpsertAsync(new Brand(check.Id, check.Name, check.Industry), caller.Workspace, ct, changeShared: caller.IsAdmin);
        foreach (var account in check.Accounts)
        {
            await AccountWrites.SetAsync(accounts, access, caller, check.Id, account.Network, account.Handle, ct);
        }

        if (removeOthers)
        {
            var kept = check.Accounts.Select(a => a.Network).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in (await accounts.ListAsync(check.Id, ct)).Where(a => !kept.Contains(a.Network)))
            {
                await accounts.DeleteAsync(gone.Network, gone.Handle, ct);
            }
        }
    }

    private async Task<(string Network, string Handle, string? Problem)> AccountProblemAsync(
        AccountInput input, string brand, List<(int Row, string Network, string Handle)> rows, Caller caller, CancellationToken ct)
    {
        var link = ProfileLinks.Parse(input.Link, input.Network);
        if (link.Problem is not null)
        {
            return ("", "", link.Problem);
        }

        var network = link.Network!;
        var problem = AccountWrites.NetworkProblem(network) ?? rules.AccountHandleProblem(network, link.Handle)
            ?? (rows.Any(r => r.Network == network) ? $"the brand has another {ProfileLinks.Label(network)} account above: one account per network" : null);
        return (network, link.Handle, problem ?? await AccountWrites.OwnerProblemAsync(accounts, access, caller, brand, network, link.Handle, ct));
    }

    /// <summary>An id made from a display name: lower-case letters and digits, other runs as one '-' (common accents folded).</summary>
    public static string Slug(string name)
    {
        var id = new StringBuilder();
        foreach (var c in (name ?? "").ToLowerInvariant())
        {
            // The process runs with invariant globalization (no ICU): accents are folded by table, not by normalisation.
            var folded = Accented.IndexOf(c, StringComparison.Ordinal) is var i and >= 0 ? Plain[i] : c;
            if (char.IsAsciiLetterOrDigit(folded))
            {
                id.Append(folded);
            }
            else if (id.Length > 0 && id[^1] != '-')
            {
                id.Append('-');
            }
        }

        var slug = id.ToString().Trim('-');
        return slug.Length <= 64 ? slug : slug[..64].TrimEnd('-');
    }

    private const string Accented = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœß";
    private const string Plain = "aaaaaaaceeeeiiiinoooooouuuuyyos";

    private static void Add(List<FieldError> errors, string field, string? problem)
    {
        if (problem is not null)
        {
            errors.Add(new FieldError(field, problem));
        }
    }

    private static string? NotAnId(string value, string what) => CanonicalFormats.IsId(value)
        ? null
        : $"'{(value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "..."))}' is not {what}: 1-64 characters of a-z 0-9 - _";
}
