using System.Globalization;
using CsvHelper;
using Engagement.Data.Csv;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Reports;

/// <summary>
/// Reports as CSV: one row per brand x network (columns in docs/report-csv.md). Numbers are
/// invariant-culture and unrounded (shortest round-trip form); an empty field is null.
/// </summary>
public static class ReportCsv
{
    public static void Write(TextWriter writer, ReportWindow window, string benchmark, IEnumerable<ReportRow> rows)
    {
        using var csv = CsvWriter.Create(writer, CanonicalCsv.WriterOptions, leaveOpen: true);
        csv.WriteRecords(rows.Select(row => ReportCsvRow.Create(window, benchmark, row)));
    }

    public static IEnumerable<ReportRow> Rows(BrandReport report) =>
        report.Networks.Select(n => new ReportRow(
            report.Brand, n.Network, n.Handle, n.Measures, new BrandScore(report.Brand, report.Score, report.Grade, report.Rank), n.Populations, null));

    public static IEnumerable<ReportRow> Rows(BenchmarkDocument document)
    {
        var brands = document.Brands.ToDictionary(b => b.Brand, StringComparer.Ordinal);
        var populations = Populations.ByNetwork(document.Distribution);
        return document.Accounts.Select(a => new ReportRow(a.Brand, a.Network, a.Handle, a, brands[a.Brand], populations[a.Network], null));
    }
}

/// <summary>The CSV shape of a <see cref="ReportRow"/>; member order is column order.</summary>
[CsvRecord]
public sealed partial record ReportCsvRow
{
    [CsvColumn("brand")]
    public string? Brand { get; init; }

    [CsvColumn("network")]
    public string? Network { get; init; }

    [CsvColumn("handle")]
    public string? Handle { get; init; }

    [CsvColumn("from")]
    public string? From { get; init; }

    [CsvColumn("to")]
    public string? To { get; init; }

    [CsvColumn("benchmark")]
    public string? Benchmark { get; init; }

    [CsvColumn("posts")]
    public string? Posts { get; init; }

    [CsvColumn("answers")]
    public string? Answers { get; init; }

    [CsvColumn("effort")]
    public string? Effort { get; init; }

    [CsvColumn("user_posts")]
    public string? UserPosts { get; init; }

    [CsvColumn("answered_user_posts")]
    public string? AnsweredUserPosts { get; init; }

    [CsvColumn("interactions")]
    public string? Interactions { get; init; }

    [CsvColumn("reach")]
    public string? Reach { get; init; }

    [CsvColumn("reach_basis")]
    public string? ReachBasis { get; init; }

    [CsvColumn("followers_start")]
    public string? FollowersStart { get; init; }

    [CsvColumn("followers_end")]
    public string? FollowersEnd { get; init; }

    [CsvColumn("impact")]
    public string? Impact { get; init; }

    [CsvColumn("engagement")]
    public string? Engagement { get; init; }

    [CsvColumn("responsiveness")]
    public string? Responsiveness { get; init; }

    [CsvColumn("answer_ratio")]
    public string? AnswerRatio { get; init; }

    [CsvColumn("responsiveness_low")]
    public string? ResponsivenessLow { get; init; }

    [CsvColumn("responsiveness_high")]
    public string? ResponsivenessHigh { get; init; }

    [CsvColumn("median_first_response_minutes")]
    public string? MedianFirstResponseMinutes { get; init; }

    [CsvColumn("interactions_per_1000")]
    public string? InteractionsPer1000 { get; init; }

    [CsvColumn("follower_growth")]
    public string? FollowerGrowth { get; init; }

    [CsvColumn("posts_per_day")]
    public string? PostsPerDay { get; init; }

    [CsvColumn("impact_sufficient")]
    public string? ImpactSufficient { get; init; }

    [CsvColumn("engagement_sufficient")]
    public string? EngagementSufficient { get; init; }

    [CsvColumn("responsiveness_sufficient")]
    public string? ResponsivenessSufficient { get; init; }

    [CsvColumn("impact_score")]
    public string? ImpactScore { get; init; }

    [CsvColumn("engagement_score")]
    public string? EngagementScore { get; init; }

    [CsvColumn("responsiveness_score")]
    public string? ResponsivenessScore { get; init; }

    [CsvColumn("channel_score")]
    public string? ChannelScore { get; init; }

    [CsvColumn("brand_score")]
    public string? BrandScore { get; init; }

    [CsvColumn("grade")]
    public string? Grade { get; init; }

    [CsvColumn("rank")]
    public string? Rank { get; init; }

    [CsvColumn("population_impact")]
    public string? PopulationImpact { get; init; }

    [CsvColumn("population_engagement")]
    public string? PopulationEngagement { get; init; }

    [CsvColumn("population_responsiveness")]
    public string? PopulationResponsiveness { get; init; }

    [CsvColumn("share_of_conversation")]
    public string? ShareOfConversation { get; init; }

    /// <summary>The methodology the numbers follow, so a CSV file kept on its own still says how it was computed.</summary>
    [CsvColumn("spec")]
    public string? Spec { get; init; }

    /// <summary>
    /// A text cell a spreadsheet will not run: one starting with = + - @, tab or CR gets a leading
    /// <c>'</c> (OWASP's CSV injection advice). Only the text columns; numbers stay numbers. The
    /// canonical export does not do this: it must read back exactly as stored.
    /// </summary>
    public static string? Text(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static ReportCsvRow Create(ReportWindow window, string benchmark, ReportRow r)
    {
        var m = r.Measures;
        return new ReportCsvRow
        {
            Brand = Text(r.Brand),
            Network = Text(r.Network),
            Handle = Text(r.Handle),
            From = Date(window.From),
            To = Date(window.To),
            Benchmark = Text(benchmark),
            Posts = Int(m.Posts),
            Answers = Int(m.Answers),
            Effort = Int(m.Effort),
            UserPosts = Int(m.UserPosts),
            AnsweredUserPosts = Int(m.AnsweredUserPosts),
            Interactions = Int(m.Interactions),
            Reach = Int(m.Reach),
            ReachBasis = m.ReachBasis.ToString().ToLowerInvariant(),
            FollowersStart = Int(m.FollowersStart),
            FollowersEnd = Int(m.FollowersEnd),
            Impact = Num(m.Impact),
            Engagement = Num(m.Engagement),
            Responsiveness = Num(m.Responsiveness),
            AnswerRatio = Num(m.AnswerRatio),
            ResponsivenessLow = Num(m.ResponsivenessLow),
            ResponsivenessHigh = Num(m.ResponsivenessHigh),
            MedianFirstResponseMinutes = Num(m.MedianFirstResponseMinutes),
            InteractionsPer1000 = Num(m.InteractionsPer1000),
            FollowerGrowth = Num(m.FollowerGrowth),
            PostsPerDay = Num(m.PostsPerDay),
            ImpactSufficient = Bool(m.Sufficient.Impact),
            EngagementSufficient = Bool(m.Sufficient.Engagement),
            ResponsivenessSufficient = Bool(m.Sufficient.Responsiveness),
            ImpactScore = Num(m.Scores.Impact),
            EngagementScore = Num(m.Scores.Engagement),
            ResponsivenessScore = Num(m.Scores.Responsiveness),
            ChannelScore = Num(m.Scores.Channel),
            BrandScore = Num(r.BrandScore.Score),
            Grade = r.BrandScore.Grade,
            Rank = Int(r.BrandScore.Rank),
            PopulationImpact = Int(r.Populations.Impact),
            PopulationEngagement = Int(r.Populations.Engagement),
            PopulationResponsiveness = Int(r.Populations.Responsiveness),
            ShareOfConversation = Num(r.ShareOfConversation),
            Spec = BenchmarkDocument.SpecVersion,
        };
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Int(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Num(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}
