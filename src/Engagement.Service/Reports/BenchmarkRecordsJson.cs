using System.Text.Json;
using Engagement.Domain.Scoring;
using static Engagement.Service.Reports.BenchmarkJson.Names;

namespace Engagement.Service.Reports;

/// <summary>
/// The records of the benchmark document written field by field, in the order and with the
/// names, enum words and numbers the serializer gives them under <see cref="ReportJson.Options"/>
/// (BenchmarkJsonTests compare the bytes on generated and hostile documents).
/// </summary>
internal static class BenchmarkRecordsJson
{
    private static readonly JsonEncodedText From = Name(nameof(ReportWindow.From));
    private static readonly JsonEncodedText To = Name(nameof(ReportWindow.To));

    // AccountMeasures, in its declaration order.
    private static readonly JsonEncodedText Brand = Name(nameof(AccountMeasures.Brand));
    private static readonly JsonEncodedText Network = Name(nameof(AccountMeasures.Network));
    private static readonly JsonEncodedText Handle = Name(nameof(AccountMeasures.Handle));
    private static readonly JsonEncodedText Posts = Name(nameof(AccountMeasures.Posts));
    private static readonly JsonEncodedText Answers = Name(nameof(AccountMeasures.Answers));
    private static readonly JsonEncodedText Effort = Name(nameof(AccountMeasures.Effort));
    private static readonly JsonEncodedText UserPosts = Name(nameof(AccountMeasures.UserPosts));
    private static readonly JsonEncodedText AnsweredUserPosts = Name(nameof(AccountMeasures.AnsweredUserPosts));
    private static readonly JsonEncodedText Interactions = Name(nameof(AccountMeasures.Interactions));
    private static readonly JsonEncodedText Reach = Name(nameof(AccountMeasures.Reach));
    private static readonly JsonEncodedText ReachBasisName = Name(nameof(AccountMeasures.ReachBasis));
    private static readonly JsonEncodedText FollowersStart = Name(nameof(AccountMeasures.FollowersStart));
    private static readonly JsonEncodedText FollowersEnd = Name(nameof(AccountMeasures.FollowersEnd));
    private static readonly JsonEncodedText Impact = Name(nameof(AccountMeasures.Impact));
    private static readonly JsonEncodedText Engagement = Name(nameof(AccountMeasures.Engagement));
    private static readonly JsonEncodedText Responsiveness = Name(nameof(AccountMeasures.Responsiveness));
    private static readonly JsonEncodedText AnswerRatio = Name(nameof(AccountMeasures.AnswerRatio));
    private static readonly JsonEncodedText ResponsivenessLow = Name(nameof(AccountMeasures.ResponsivenessLow));
    private static readonly JsonEncodedText ResponsivenessHigh = Name(nameof(AccountMeasures.ResponsivenessHigh));
    private static readonly JsonEncodedText MedianFirstResponseMinutes = Name(nameof(AccountMeasures.MedianFirstResponseMinutes));
    private static readonly JsonEncodedText InteractionsPer1000 = Name(nameof(AccountMeasures.InteractionsPer1000));
    private static readonly JsonEncodedText FollowerGrowth = Name(nameof(AccountMeasures.FollowerGrowth));
    private static readonly JsonEncodedText PostsPerDay = Name(nameof(AccountMeasures.PostsPerDay));
    private static readonly JsonEncodedText Sufficient = Name(nameof(AccountMeasures.Sufficient));
    private static readonly JsonEncodedText Scores = Name(nameof(AccountMeasures.Scores));
    private static readonly JsonEncodedText Channel = Name(nameof(KpiScores.Channel));

    // BrandScore, DistributionRow and ConversationShare (Brand, Network as above).
    private static readonly JsonEncodedText Score = Name(nameof(BrandScore.Score));
    private static readonly JsonEncodedText Grade = Name(nameof(BrandScore.Grade));
    private static readonly JsonEncodedText Rank = Name(nameof(BrandScore.Rank));
    private static readonly JsonEncodedText KpiName = Name(nameof(DistributionRow.Kpi));
    private static readonly JsonEncodedText Count = Name(nameof(DistributionRow.Count));
    private static readonly JsonEncodedText P10 = Name(nameof(DistributionRow.P10));
    private static readonly JsonEncodedText P25 = Name(nameof(DistributionRow.P25));
    private static readonly JsonEncodedText P50 = Name(nameof(DistributionRow.P50));
    private static readonly JsonEncodedText P75 = Name(nameof(DistributionRow.P75));
    private static readonly JsonEncodedText P90 = Name(nameof(DistributionRow.P90));
    private static readonly JsonEncodedText ShareOfConversation = Name(nameof(ConversationShare.ShareOfConversation));

    // The enum's words as JsonStringEnumConverter(CamelCase) writes them, by value.
    private static readonly JsonEncodedText[] ReachBases = Enum.GetValues<ReachBasis>()
        .Select(basis => JsonEncodedText.Encode(JsonNamingPolicy.CamelCase.ConvertName(basis.ToString()))).ToArray();

    public static void WriteWindow(Utf8JsonWriter writer, JsonEncodedText name, ReportWindow window)
    {
        writer.WriteStartObject(name);
        writer.WriteString(From, Date(window.From));
        writer.WriteString(To, Date(window.To));
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, AccountMeasures account)
    {
        writer.WriteStartObject();
        writer.WriteString(Brand, account.Brand);
        writer.WriteString(Network, account.Network);
        writer.WriteString(Handle, account.Handle);
        writer.WriteNumber(Posts, account.Posts);
        writer.WriteNumber(Answers, account.Answers);
        writer.WriteNumber(Effort, account.Effort);
        writer.WriteNumber(UserPosts, account.UserPosts);
        writer.WriteNumber(AnsweredUserPosts, account.AnsweredUserPosts);
        writer.WriteNumber(Interactions, account.Interactions);
        Number(writer, Reach, account.Reach);
        writer.WriteString(ReachBasisName, ReachBases[(int)account.ReachBasis]);
        Number(writer, FollowersStart, account.FollowersStart);
        Number(writer, FollowersEnd, account.FollowersEnd);
        Number(writer, Impact, account.Impact);
        Number(writer, Engagement, account.Engagement);
        Number(writer, Responsiveness, account.Responsiveness);
        Number(writer, AnswerRatio, account.AnswerRatio);
        Number(writer, ResponsivenessLow, account.ResponsivenessLow);
        Number(writer, ResponsivenessHigh, account.ResponsivenessHigh);
        Number(writer, MedianFirstResponseMinutes, account.MedianFirstResponseMinutes);
        Number(writer, InteractionsPer1000, account.InteractionsPer1000);
        Number(writer, FollowerGrowth, account.FollowerGrowth);
        Number(writer, PostsPerDay, account.PostsPerDay);
        writer.WriteStartObject(Sufficient);
        writer.WriteBoolean(Impact, account.Sufficient.Impact);
        writer.WriteBoolean(Engagement, account.Sufficient.Engagement);
        writer.WriteBoolean(Responsiveness, account.Sufficient.Responsiveness);
        writer.WriteEndObject();
        writer.WriteStartObject(Scores);
        Number(writer, Impact, account.Scores.Impact);
        Number(writer, Engagement, account.Scores.Engagement);
        Number(writer, Responsiveness, account.Scores.Responsiveness);
        Number(writer, Channel, account.Scores.Channel);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, BrandScore brand)
    {
        writer.WriteStartObject();
        writer.WriteString(Brand, brand.Brand);
        Number(writer, Score, brand.Score);
        writer.WriteString(Grade, brand.Grade);
        Number(writer, Rank, (long?)brand.Rank);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, DistributionRow row)
    {
        writer.WriteStartObject();
        writer.WriteString(Network, row.Network);
        writer.WriteString(KpiName, row.Kpi);
        writer.WriteNumber(Count, row.Count);
        Number(writer, P10, row.P10);
        Number(writer, P25, row.P25);
        Number(writer, P50, row.P50);
        Number(writer, P75, row.P75);
        Number(writer, P90, row.P90);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, ConversationShare share)
    {
        writer.WriteStartObject();
        writer.WriteString(Network, share.Network);
        writer.WriteString(Brand, share.Brand);
        writer.WriteNumber(UserPosts, share.UserPosts);
        Number(writer, ShareOfConversation, share.ShareOfConversation);
        writer.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter writer, JsonEncodedText name, double? value)
    {
        writer.WritePropertyName(name);
        if (value is { } number)
        {
            ReportJson.WriteNumberValue(writer, number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void Number(Utf8JsonWriter writer, JsonEncodedText name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
