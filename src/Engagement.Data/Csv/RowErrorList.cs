using Engagement.Domain.Model;

namespace Engagement.Data.Csv;

/// <summary>
/// Collects every problem of one row, in the order the reference reports them, together with the
/// field checks that several files share.
/// </summary>
internal sealed class RowErrorList(string file, int line, FieldRules rules)
{
    public FieldRules Rules => rules;

    private List<CsvRowError>? _errors;

    public bool Any => _errors is not null;

    public IReadOnlyList<CsvRowError> Errors => _errors ?? [];

    public void Add(string column, string reason) => (_errors ??= []).Add(new CsvRowError(file, line, column, reason));

    public string? Require(string column, string? value)
    {
        if (value is null)
        {
            Add(column, "required value is empty");
        }

        return value;
    }

    public void CheckNetwork(string? network)
    {
        if (network is not null && !CanonicalFormats.IsId(network))
        {
            Add("network", $"invalid network id '{network}': lower-case a-z 0-9 - _");
        }
    }

    public string? NormalizedHandle(string column, string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var handle = Handle.Normalize(raw);
        Check(column, rules.HandleProblem(handle));
        return handle;
    }

    /// <summary>Adds the problem a rule found, if any.</summary>
    public void Check(string column, string? problem)
    {
        if (problem is not null)
        {
            Add(column, problem);
        }
    }

    /// <summary>A count; <paramref name="whenEmpty"/> when the field is empty.</summary>
    public long? ParseCount(string column, string? text, long? whenEmpty)
    {
        if (text is null)
        {
            return whenEmpty;
        }

        if (CanonicalFormats.TryParseCount(text, out var value, out var error))
        {
            return value;
        }

        Add(column, error!);
        return whenEmpty;
    }
}
