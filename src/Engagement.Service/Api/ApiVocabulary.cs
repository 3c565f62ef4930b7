using System.Text.Json;
using Engagement.Collectors.Storage;
using Engagement.Domain.Scoring;

namespace Engagement.Service.Api;

/// <summary>
/// The one definition of every fixed set of values and id shape the API takes or answers: the
/// OpenAPI document declares its enums and patterns from here, so they cannot drift from the
/// values the service writes (lower case, camelCase for several words, like the JSON names).
/// </summary>
public static class ApiVocabulary
{
    public const string IdPattern = "^[a-z0-9_-]{1,64}$";

    public const int IdMaxLength = 64;

    /// <summary>all, industry, industry:ID or peers:NAME.</summary>
    public const string BenchmarkPattern = "^(all|industry|industry:[a-z0-9_-]{1,64}|peers:[a-z0-9_-]{1,64})$";

    public static IReadOnlyList<string> Formats { get; } = ["json", "csv"];

    public static IReadOnlyList<string> Granularities { get; } = Names<TrendGranularity>();

    public static IReadOnlyList<string> Kpis { get; } = Names<Kpi>();

    public static IReadOnlyList<string> ReachBases { get; } = Names<ReachBasis>();

    public static IReadOnlyList<string> CollectorHealths { get; } = Names<CollectorHealth>();

    public static IReadOnlyList<string> Grades { get; } = Statistics.Grades;

    public static IReadOnlyList<string> ImportKinds { get; } = ["brands", "accounts", "posts", "followers"];

    public static IReadOnlyList<string> Cadences { get; } = ["weekly", "monthly"];

    public static IReadOnlyList<string> ReportFiles { get; } = ["csv", "pdf"];

    public static IReadOnlyList<string> AlertKinds { get; } = Data.Store.Deliveries.AlertKinds.All;

    public static IReadOnlyList<string> RunStatuses { get; } = ["running", "done", "failed"];

    public static IReadOnlyList<string> DeliveryStatuses { get; } = ["pending", "delivered", "failed"];

    public static IReadOnlyList<string> DeliveryChannels { get; } = ["webhook", "email"];

    public static IReadOnlyList<string> DeliveryEvents { get; } = ["report", "alert"];

    /// <summary>An enum's members as the JSON converters write them (camelCase).</summary>
    public static IReadOnlyList<string> Names<T>()
        where T : struct, Enum =>
        Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToList();
}
