using System.ComponentModel;
using System.Globalization;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;
using Engagement.Service.Reports;
using Microsoft.AspNetCore.Mvc;

namespace Engagement.Service.Api;

/// <summary>The query of every report route; <see cref="ToQuery"/> checks it and names what is wrong.</summary>
public sealed class ReportParameters
{
    [FromQuery(Name = "from")]
    [Description("First UTC day included, YYYY-MM-DD. Default: to - 30 days.")]
    public string? From { get; init; }

    [FromQuery(Name = "to")]
    [Description("First UTC day excluded, YYYY-MM-DD. Default: the day after the latest post of the benchmark set's accounts.")]
    public string? To { get; init; }

    [FromQuery(Name = "benchmark")]
    [Description("Benchmark set: all (default), industry (the subject's), industry:ID, or peers:NAME (a peer set plus the subject).")]
    public string? Benchmark { get; init; }

    [FromQuery(Name = "minEffort")]
    [Description("Effort (posts + answers) an account needs for impact and engagement to be scored. Default 3.")]
    public int? MinEffort { get; init; }

    [FromQuery(Name = "minUserPosts")]
    [Description("User posts an account needs for responsiveness to be scored. Default 5.")]
    public int? MinUserPosts { get; init; }

    [FromQuery(Name = "format")]
    [Description("json (default) or csv; Accept: text/csv also asks for CSV.")]
    public string? Format { get; init; }

    public ReportQuery ToQuery()
    {
        var from = Date(From, "from");
        var to = Date(To, "to");
        if (from is { } start && to is { } end && start >= end)
        {
            throw new ApiParameterException("from", $"from ({From}) must be before to ({To}): the window is [from, to)");
        }

        BenchmarkSetSpec benchmark;
        try
        {
            benchmark = string.IsNullOrEmpty(Benchmark) ? BenchmarkSetSpec.All : BenchmarkSetSpec.Parse(Benchmark);
        }
        catch (DomainException unknown)
        {
            throw new ApiParameterException("benchmark", unknown.Message);
        }

        var settings = new SufficiencySettings(
            Threshold(MinEffort, "minEffort", SufficiencySettings.DefaultMinEffort),
            Threshold(MinUserPosts, "minUserPosts", SufficiencySettings.DefaultMinUserPosts));
        return new ReportQuery { From = from, To = to, Benchmark = benchmark, Settings = settings };
    }

    /// <summary>CSV for <c>format=csv</c>, or for an Accept header preferring text/csv to JSON; JSON otherwise.</summary>
    public bool WantsCsv(HttpRequest request) => (Format switch
    {
        null or "" => ReportFormat.AcceptsCsv(request) ? ReportOutput.Csv : ReportOutput.Json,
        _ => ReportFormat.Parse(Format) is { } output and not ReportOutput.Table
            ? output
            : throw new ApiParameterException("format", $"unknown format '{Format}': use json or csv"),
    }) == ReportOutput.Csv;

    private static DateOnly? Date(string? text, string parameter) =>
        string.IsNullOrEmpty(text)
            ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : throw new ApiParameterException(parameter, $"{parameter}: '{text}' is not a date YYYY-MM-DD");

    private static int Threshold(int? value, string parameter, int fallback) =>
        value switch
        {
            null => fallback,
            < 0 => throw new ApiParameterException(parameter, $"{parameter} must be 0 or more"),
            { } given => given,
        };
}
