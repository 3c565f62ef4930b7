namespace Engagement.Service.Pages.Layout;

/// <summary>The pages' stylesheet, built into the assembly and served at <see cref="Path"/>.</summary>
public static class SiteStyles
{
    public const string Path = "/assets/site.css";

    /// <summary>The stylesheet's text (the file Pages/Layout/site.css).</summary>
    public static string Css { get; } = Resources.Read("site.css");
}
