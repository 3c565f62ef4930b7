using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Engagement.Service.Pages.Layout;

/// <summary>
/// The user documentation (docs/*.md, built into the assembly) rendered once as HTML for
/// <c>/docs/NAME</c>, so a "How is this computed?" link works on a machine without internet.
/// Raw HTML in the Markdown is not passed through; links between the documents stay inside /docs.
/// </summary>
public static partial class Methodology
{
    public const string Path = "/docs/methodology";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .DisableHtml()
        .Build();

    private static readonly Lazy<FrozenDictionary<string, Doc>> Docs = new(Load);

    /// <summary>A rendered document: its title, its HTML body, and the anchors of its numbered sections (§N).</summary>
    public sealed record Doc(string Title, string Html, IReadOnlyDictionary<int, string> Sections);

    /// <summary>The document docs/NAME.md; null when there is none.</summary>
    public static Doc? Find(string name) => Docs.Value.GetValueOrDefault(name);

    /// <summary>The link to section §N of the methodology (the section's own anchor as the document renders it).</summary>
    public static string Section(int number) =>
        Docs.Value["methodology"].Sections.TryGetValue(number, out var anchor)
            ? $"{Path}#{anchor}"
            : throw new ArgumentOutOfRangeException(nameof(number), number, "docs/methodology.md has no such section");

    private static FrozenDictionary<string, Doc> Load()
    {
        var docs = new Dictionary<string, Doc>(StringComparer.Ordinal);
        foreach (var resource in typeof(Methodology).Assembly.GetManifestResourceNames())
        {
            if (DocResource().Match(resource) is { Success: true } match)
            {
                var name = match.Groups["name"].Value;
                docs[name] = Render(Resources.Read($"docs.{name}.md"));
            }
        }

        return docs.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Doc Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var sections = new Dictionary<int, string>();
        var title = "Documentation";
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var text = string.Concat(heading.Inline?.Descendants<LiteralInline>().Select(l => l.Content.ToString()) ?? []);
            if (heading.Level == 1)
            {
                title = text;
            }
            else if (SectionNumber().Match(text) is { Success: true } number && heading.GetAttributes().Id is { } id)
            {
                sections[int.Parse(number.Groups[1].Value, CultureInfo.InvariantCulture)] = id;
            }
        }

        // Links to the other documents (data-format.md, api.md#x) point at their pages here.
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.Url is { } url && DocLink().Match(url) is { Success: true } doc)
            {
                link.Url = $"/docs/{doc.Groups["name"].Value}{doc.Groups["anchor"].Value}";
            }
        }

        return new Doc(title, document.ToHtml(Pipeline), sections);
    }

    [GeneratedRegex(@"^Engagement\.Service\.docs\.(?<name>[a-z0-9-]+)\.md$")]
    private static partial Regex DocResource();

    [GeneratedRegex(@"^§(\d+)\.")]
    private static partial Regex SectionNumber();

    [GeneratedRegex(@"^(?<name>[a-z0-9-]+)\.md(?<anchor>#[a-z0-9-]*)?$")]
    private static partial Regex DocLink();
}
