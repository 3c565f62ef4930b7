using System.Globalization;

namespace Engagement.Service.Pages.Charts;

/// <summary>What every chart needs: coordinates in invariant culture, brand colours, label fitting.</summary>
public static class Svg
{
    /// <summary>Colours told apart in print and by most colour-blind readers (Tableau 10, then two more).</summary>
    public static IReadOnlyList<string> Palette { get; } =
    [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1b9e77", "#7570b3",
    ];

    public static string Colour(int index) => Palette[index % Palette.Count];

    /// <summary>An SVG coordinate: invariant culture, two decimals at most.</summary>
    public static string C(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    // system-ui averages about 0.56 em per character; capitals and wide letters need more, so fit with a margin.
    private const double Em = 0.62;

    /// <summary>About how wide a text is at the given font size.</summary>
    public static double Width(string text, double fontSize = 12) => (text?.Length ?? 0) * fontSize * Em;

    /// <summary>The text cut with an ellipsis to fit <paramref name="width"/> (the full text goes in a title beside it).</summary>
    public static string Fit(string text, double width, double fontSize = 12)
    {
        ArgumentNullException.ThrowIfNull(text);
        var max = (int)Math.Floor(width / (fontSize * Em));
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, Math.Max(1, max - 1)), "…");
    }
}
