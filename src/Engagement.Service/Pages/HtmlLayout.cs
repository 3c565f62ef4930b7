using static Engagement.Service.Pages.Html;

namespace Engagement.Service.Pages;

/// <summary>The frame of every page: header, sign-out, and styles for screen and print.</summary>
internal static class HtmlLayout
{
    public static string Page(string title, string body, bool signedIn = true) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)} · Engagement</title>
        <link rel="stylesheet" href="{StylesheetPath}">
        </head>
        <body>
        <header><a class="home" href="/">Engagement</a>{(signedIn ? SignOut : "")}</header>
        <main>
        {body}
        </main>
        <footer>Scores 0-100 against the benchmark set (scoring-v1). Values in brackets are insufficient data: reported, not scored.</footer>
        </body>
        </html>
        """;

    private const string SignOut = """<form class="signout" method="post" action="/signout"><button type="submit">Sign out</button></form>""";

    /// <summary>The pages' one stylesheet: a file, not inline, so the content security policy needs no 'unsafe-inline'.</summary>
    public const string StylesheetPath = "/assets/site.css";

    public const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222; background: #fff; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
        header { display: flex; justify-content: space-between; align-items: center; padding: .6rem 1.5rem; background: #2f3e4e; }
        header a.home { color: #fff; font-weight: 600; text-decoration: none; }
        header button { background: none; border: 1px solid #9ab; color: #fff; border-radius: 4px; padding: .2rem .7rem; cursor: pointer; }
        main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 2rem; }
        footer { max-width: 1100px; margin: 0 auto; padding: 0 1.5rem 2rem; color: #666; font-size: .85rem; }
        h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #ddd; }
        .meta { color: #555; } .error { color: #a40000; font-weight: 600; }
        table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
        th, td { border-bottom: 1px solid #e3e3e3; padding: .3rem .6rem; text-align: right; }
        th:first-child, td:first-child, td.text, th.text { text-align: left; }
        svg { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
        svg text { font-family: inherit; font-size: 12px; fill: #333; }
        svg .axis { stroke: #bbb; } svg .grid { stroke: #eee; }
        .legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: .85rem; margin: .3rem 0; }
        .legend svg.swatch { display: inline-block; width: .8em; height: .8em; margin: 0 .3em 0 0; vertical-align: baseline; }
        form.filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; margin: .8rem 0; }
        form.filters label { display: flex; flex-direction: column; font-size: .85rem; }
        .brands { columns: 3; margin: .5rem 0; } .brands label { display: block; }
        input, select, button { font: inherit; padding: .25rem .4rem; }
        section { break-inside: avoid; } .panels { display: flex; flex-wrap: wrap; gap: 0 2rem; } h3 { font-size: 1rem; margin: .8rem 0 0; }
        @media print {
          header, form, .no-print { display: none !important; }
          main, footer { max-width: none; padding: 0 .5cm; }
          body { font-size: 10pt; } h2 { break-after: avoid; }
          a { color: inherit; text-decoration: none; }
          @page { margin: 1.2cm; }
        }
        """;
}
