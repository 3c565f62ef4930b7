using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using static Engagement.Service.Pages.Html;

namespace Engagement.Service.Pages;

/// <summary>The home page: every brand with a link to its report, and a form to compare some of them.</summary>
internal static class IndexPage
{
    public static string Render(IReadOnlyList<Brand> brands, ILookup<string, Account> accounts, IReadOnlyList<PeerSet> peerSets)
    {
        var rows = string.Concat(brands.Select(b => $"""
            <tr><td><a href="/reports/brands/{Uri.EscapeDataString(b.Id)}.html">{E(b.Name)}</a></td><td class="text">{E(b.Id)}</td>
            <td class="text">{E(b.Industry ?? "–")}</td><td class="text">{E(string.Join(", ", accounts[b.Id].Select(a => a.Network)))}</td></tr>
            """));
        var choices = string.Concat(brands.Select(b => $"""<label><input type="checkbox" name="brands" value="{E(b.Id)}"> {E(b.Name)}</label>"""));
        var sets = peerSets.Count == 0
            ? "<p class=\"meta\">No peer sets yet (PUT /api/v1/peer-sets/NAME).</p>"
            : "<ul>" + string.Concat(peerSets.Select(s => $"<li><b>{E(s.Name)}</b>: {E(string.Join(", ", s.Brands))} (benchmark peers:{E(s.Name)})</li>")) + "</ul>";
        var body = $"""
            <h1>Brands</h1>
            {(brands.Count == 0 ? "<p>No brands yet: import a data set (engagement import DIR, or POST /api/v1/imports).</p>" : "")}
            <table class="brand-list"><thead><tr><th>brand</th><th class="text">id</th><th class="text">industry</th><th class="text">networks</th></tr></thead>
            <tbody>{rows}</tbody></table>
            <h2>Compare</h2>
            <form class="compare" method="get" action="/reports/compare.html">
            <div class="brands">{choices}</div>
            <div class="filters">
            <label>from <input name="from" placeholder="YYYY-MM-DD" size="10"></label>
            <label>to <input name="to" placeholder="YYYY-MM-DD" size="10"></label>
            <label>benchmark <input name="benchmark" placeholder="all" size="16"></label>
            <button type="submit">Compare</button></div>
            </form>
            <h2>Peer sets</h2>{sets}
            """;
        return HtmlLayout.Page("Brands", body);
    }
}
