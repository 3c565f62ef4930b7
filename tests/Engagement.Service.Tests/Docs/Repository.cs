namespace Engagement.Service.Tests.Docs;

/// <summary>The repository the tests were built from: its root and its documentation files.</summary>
internal static class Repository
{
    private static readonly string[] Generated = ["bin", "obj", "node_modules", ".git", "TestResults"];

    /// <summary>The folder holding Engagement.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Every Markdown file of the repository (build output and dependencies left out), relative to the root.</summary>
    public static IEnumerable<string> MarkdownFiles() =>
        Directory.EnumerateFiles(Root, "*.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => Generated.Contains(part, StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal);

    /// <summary>The repository's source files of <paramref name="pattern"/> under src/.</summary>
    public static IEnumerable<string> SourceFiles(string pattern) =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), pattern, SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => Generated.Contains(part, StringComparer.Ordinal)));

    /// <summary>
    /// Copies what a user's clone holds for building and running the service (sources, samples,
    /// build settings; no build output) into <paramref name="target"/>.
    /// </summary>
    public static void CopyTo(string target)
    {
        foreach (var folder in new[] { "src", "samples" })
        {
            CopyFolder(Path.Combine(Root, folder), Path.Combine(target, folder));
        }

        foreach (var file in Directory.EnumerateFiles(Root).Where(f => Path.GetExtension(f) is ".props" or ".json" or ".sln" or ".config" || Path.GetFileName(f) == ".editorconfig"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(source).Where(d => !Generated.Contains(Path.GetFileName(d), StringComparer.Ordinal)))
        {
            CopyFolder(folder, Path.Combine(target, Path.GetFileName(folder)));
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Engagement.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("the tests do not run inside the repository (no Engagement.sln above them)");
    }
}
