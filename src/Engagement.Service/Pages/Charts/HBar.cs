namespace Engagement.Service.Pages.Charts;

/// <summary>One bar: its row label, value (null: none, drawn as an outline with <see cref="Missing"/>), colour and tooltip.</summary>
public sealed record HBar(string Label, double? Value, string Colour, string Tooltip, string Missing = "not scored")
{
    /// <summary>What the bar stands for in data attributes (tests and scripts read them).</summary>
    public string? Brand { get; init; }

    public string? Network { get; init; }

    public string? Kpi { get; init; }

    public string Series => Brand ?? Kpi ?? Label;
}

/// <summary>Bars under one header (a network, a brand); an empty label draws no header row.</summary>
public sealed record HBarGroup(string Label, IReadOnlyList<HBar> Bars);
