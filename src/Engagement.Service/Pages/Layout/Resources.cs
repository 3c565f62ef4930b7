namespace Engagement.Service.Pages.Layout;

/// <summary>Text files built into the assembly (the stylesheet, the user documentation), so the pages work from any folder and offline.</summary>
internal static class Resources
{
    public static string Read(string name)
    {
        var assembly = typeof(Resources).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Engagement.Service.{name}")
            ?? throw new InvalidOperationException($"the build lacks the resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static bool Exists(string name) => typeof(Resources).Assembly.GetManifestResourceInfo($"Engagement.Service.{name}") is not null;
}
