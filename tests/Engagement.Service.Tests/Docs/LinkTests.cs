using System.Text.RegularExpressions;

namespace Engagement.Service.Tests.Docs;

/// <summary>
/// The repository stands on its own: every relative link of its Markdown files resolves to a file
/// or folder inside it, and every <c>methodology.md §N</c> of the code names a section that exists.
/// </summary>
public sealed partial class LinkTests
{
    public static IEnumerable<string> MarkdownFiles() => Repository.MarkdownFiles();

    [TestCaseSource(nameof(MarkdownFiles))]
    public void Relative_links_resolve_inside_the_repository(string file)
    {
        var broken = BrokenLinks(Path.Combine(Repository.Root, file)).ToList();
        Assert.That(broken, Is.Empty, $"{file}: links that do not resolve inside the repository");
    }

    [Test]
    public void The_checker_finds_a_broken_link_and_one_leaving_the_repository()
    {
        var file = Path.Combine(Repository.Root, "docs", "methodology.md");
        var broken = BrokenLinks(file, "See [the spec](../../shared/spec/scoring.md), [nothing](missing.md#x) and [api](api.md).").ToList();
        Assert.That(broken, Is.EqualTo(new[] { "../../shared/spec/scoring.md", "missing.md#x" }));
    }

    [Test]
    public void Methodology_sections_named_in_the_code_exist()
    {
        var methodology = File.ReadAllText(Path.Combine(Repository.Root, "docs", "methodology.md"));
        var sections = Heading().Matches(methodology).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var references = Repository.SourceFiles("*.cs")
            .SelectMany(path => SectionReference().Matches(File.ReadAllText(path)).Select(m => (File: Path.GetRelativePath(Repository.Root, path), Section: m.Groups[1].Value)))
            .ToList();
        Assert.That(references, Is.Not.Empty, "the code cites the methodology by section");
        Assert.That(references.Where(r => !sections.Contains(int.Parse(r.Section, System.Globalization.CultureInfo.InvariantCulture))), Is.Empty,
            "methodology.md sections cited in the code but missing from docs/methodology.md");
        Assert.That(Repository.SourceFiles("*.cs").Where(path => File.ReadAllText(path).Contains("scoring.md", StringComparison.Ordinal)), Is.Empty,
            "code comments cite docs/methodology.md (in the repository), not the team's scoring.md");
    }

    private static IEnumerable<string> BrokenLinks(string file, string? text = null)
    {
        var folder = Path.GetDirectoryName(file)!;
        var content = CodeBlock().Replace(text ?? File.ReadAllText(file), "");
        foreach (var target in MarkdownLink().Matches(content).Select(m => m.Groups["target"].Value.Trim()))
        {
            if (target.Length == 0 || target.StartsWith('#') || UriScheme().IsMatch(target))
            {
                continue;
            }

            var path = Uri.UnescapeDataString(target.Split('#')[0].Split('?')[0]);
            var resolved = Path.GetFullPath(Path.Combine(folder, path));
            var inside = resolved.StartsWith(Repository.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || resolved == Repository.Root;
            if (!inside || !(File.Exists(resolved) || Directory.Exists(resolved)))
            {
                yield return target;
            }
        }
    }

    // [text](target "title") and ![alt](target); the target ends at a space or the closing bracket.
    [GeneratedRegex("""!?\[[^\]]*\]\((?<target>[^)\s]*)(\s+"[^"]*")?\)""")]
    private static partial Regex MarkdownLink();

    // Fenced code blocks and inline code hold examples, not links.
    [GeneratedRegex("```.*?```|`[^`\n]*`", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"^#+\s*§?(\d+)[.\s]", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"methodology\.md §(\d+)")]
    private static partial Regex SectionReference();
}
