using Engagement.Collectors.Status;

namespace Engagement.Service.Onboarding;

/// <summary>One account row of the brand form: the network chosen (empty: read from the URL) and what was typed.</summary>
public sealed record AccountInput(string? Network, string? Link);

/// <summary>The brand form as posted: id (empty on a new brand: made from the name), name, industry, account rows.</summary>
public sealed record BrandForm(string? Id, string? Name, string? Industry, IReadOnlyList<AccountInput> Accounts)
{
    /// <summary>Account rows a form shows: one per network a brand can have, at most.</summary>
    public const int AccountRows = 6;

    /// <summary>The form field of account row <paramref name="index"/> (its network field is network{index}).</summary>
    public static string AccountField(int index) => $"account{index}";

    public static string NetworkField(int index) => $"network{index}";
}

/// <summary>A field the form refused, and why (shown next to the field).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>An account the form will track, with what its network said of it.</summary>
public sealed record CheckedAccount(int Row, string Network, string Handle, ProbeResult Probe);

/// <summary>The form checked: the brand and accounts to save when there is no error.</summary>
public sealed record BrandFormCheck(string Id, string Name, string? Industry, IReadOnlyList<CheckedAccount> Accounts, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public string? ErrorOf(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;
}
