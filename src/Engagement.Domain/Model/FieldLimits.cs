namespace Engagement.Domain.Model;

/// <summary>
/// The configurable bounds of <see cref="FieldRules"/> (section <c>Validation</c>). Instants
/// outside [<see cref="EarliestInstant"/>, now + <see cref="MaxAhead"/>] are refused wherever
/// they enter: a post from year 1 or 9999 cannot be scored or windowed, so it is not stored.
/// </summary>
public sealed class FieldLimits
{
    public const string Section = "Validation";

    /// <summary>The earliest instant a post, snapshot or report window may have. Default 2000-01-01T00:00Z.</summary>
    public DateTimeOffset EarliestInstant { get; set; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far past the current time an instant may be (clock skew, time zones). Default one day.</summary>
    public TimeSpan MaxAhead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The longest brand display name, in UTF-16 code units. Default 200.</summary>
    public int MaxNameLength { get; set; } = 200;

    /// <summary>The longest handle or post id, in UTF-16 code units. Default 256.</summary>
    public int MaxHandleLength { get; set; } = 256;

    /// <summary>Why these limits cannot work, or null.</summary>
    public string? Problem() =>
        MaxAhead < TimeSpan.Zero ? "Validation:MaxAhead must not be negative"
        : MaxNameLength < 1 ? "Validation:MaxNameLength must be at least 1"
        : MaxHandleLength < 16 ? "Validation:MaxHandleLength must be at least 16"
        : EarliestInstant.Year < 1970 ? "Validation:EarliestInstant must be 1970 or later"
        : null;
}
