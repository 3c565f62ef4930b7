using Engagement.Service.Api;
using static Engagement.Service.Pages.Html;

namespace Engagement.Service.Pages;

/// <summary>The window and benchmark of a page, echoed back in a form that re-asks for the page (no script needed).</summary>
internal sealed record PageFilters(string? From, string? To, string? Benchmark)
{
    public static PageFilters Of(ReportParameters parameters) => new(parameters.From, parameters.To, parameters.Benchmark);

    public string Form(string action, string? brands) => $"""
        <form class="filters" method="get" action="{E(action)}">
        {(brands is null ? "" : $"""<label>brands<input name="brands" value="{E(brands)}" size="40"></label>""")}
        <label>from<input name="from" value="{E(From)}" placeholder="YYYY-MM-DD" size="10"></label>
        <label>to (exclusive)<input name="to" value="{E(To)}" placeholder="YYYY-MM-DD" size="10"></label>
        <label>benchmark<input name="benchmark" value="{E(Benchmark)}" placeholder="all | industry | peers:NAME" size="18"></label>
        <button type="submit">Show</button>
        </form>
        """;
}
