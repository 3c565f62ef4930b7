namespace Engagement.Service.Pages.Charts;

/// <summary>A brand's value placed in a distribution; without a value, <see cref="Reason"/> says why it is not scored.</summary>
public sealed record DistributionMarker(string Label, double? Value, string Colour, string? Reason)
{
    public string? Brand { get; init; }
}
