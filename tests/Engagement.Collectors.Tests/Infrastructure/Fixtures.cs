namespace Engagement.Collectors.Tests.Infrastructure;

/// <summary>Recorded API answers under Fixtures/, copied next to the test assembly.</summary>
public static class Fixtures
{
    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath));
}
