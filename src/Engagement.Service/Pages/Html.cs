using System.Globalization;
using System.Text.Encodings.Web;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Pages;

/// <summary>Encoding and number formatting for the pages: every value from data goes through <see cref="E"/>.</summary>
internal static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Num(double? value, string format = "0.0") => value?.ToString(format, CultureInfo.InvariantCulture) ?? "–";

    /// <summary>An SVG coordinate: invariant culture, two decimals at most.</summary>
    public static string C(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A query string of the given pairs (null values left out), each part URL-encoded.</summary>
    public static string Query(params (string Name, string? Value)[] pairs) =>
        string.Join('&', pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    /// <summary>Colours told apart in print and by most colour-blind readers (Tableau 10, then two more).</summary>
    public static readonly string[] Palette =
    [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1b9e77", "#7570b3",
    ];

    public static string Colour(int index) => Palette[index % Palette.Length];

    /// <summary>The headline KPIs as the pages draw them: label, colour and number format.</summary>
    public static readonly (Kpi Kpi, string Label, string Colour, string Format)[] Kpis =
    [
        (Kpi.Impact, "Impact", "#4e79a7", "0"),
        (Kpi.Engagement, "Engagement", "#f28e2b", "0.0"),
        (Kpi.Responsiveness, "Responsiveness", "#59a14f", "0%"),
    ];
}
