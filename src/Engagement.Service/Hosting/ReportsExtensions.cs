using Engagement.Data.Store.Aggregates;
using Engagement.Service.Reports;

namespace Engagement.Service.Hosting;

/// <summary>Limits of <c>POST /api/v1/imports</c> (section <c>Imports</c>).</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>The largest upload accepted, in bytes; a larger one gets 413.</summary>
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;
}

public static class ReportsExtensions
{
    /// <summary>The report service over the store's daily aggregates (views cached per data version, documents kept per version) and the import limits.</summary>
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        // Every report (API, pages, command line) reads the daily aggregates through this one service.
        builder.Services.AddSingleton<IScoringViewSource, AggregateScoringViewSource>();
        builder.Services.AddSingleton(services => new ReportService(
            services.GetRequiredService<IScoringViewSource>(), services.GetRequiredService<ReportSnapshotStore>()));
        builder.Services.AddOptions<ImportOptions>()
            .BindConfiguration(ImportOptions.Section)
            .Validate(options => options.MaxBytes > 0, "Imports:MaxBytes must be positive")
            .ValidateOnStart();
        return builder;
    }
}
