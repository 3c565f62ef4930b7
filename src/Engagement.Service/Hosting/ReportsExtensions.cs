using Engagement.Data.Store.Import;
using Engagement.Domain.Model;
using Microsoft.Extensions.Options;
using Engagement.Data.Store.Aggregates;
using Engagement.Service.Reports;

namespace Engagement.Service.Hosting;

/// <summary>Limits of <c>POST /api/v1/imports</c> (section <c>Imports</c>).</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>The largest upload accepted, in bytes; a larger one gets 413.</summary>
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>How many rejected rows' errors an import lists per file; the rest are counted ("and N more").</summary>
    public int MaxListedErrors { get; set; } = ImportSettings.DefaultMaxListedErrors;
}

public static class ReportsExtensions
{
    /// <summary>The report service over the store's daily aggregates (views cached per data version, documents kept per version) and the import limits.</summary>
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        // Every report (API, pages, command line) reads the daily aggregates through this one service.
        builder.Services.AddSingleton<IScoringViewSource, AggregateScoringViewSource>();
        builder.Services.AddOptions<WindowOptions>()
            .BindConfiguration(WindowOptions.Section)
            .Validate(options => options.MaxWindowDays > 0 && options.MaxTrendDays > 0, "Reports:MaxWindowDays and Reports:MaxTrendDays must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<WindowOptions>>().Value;
            return new WindowLimits(services.GetRequiredService<FieldRules>(), options.MaxWindowDays, options.MaxTrendDays);
        });
        builder.Services.AddSingleton(services => new ReportService(
            services.GetRequiredService<IScoringViewSource>(), services.GetRequiredService<ReportSnapshotStore>())
        {
            Limits = services.GetRequiredService<WindowLimits>(),
        });
        // The dashboard and the collectors page read the collectors' summary (a host without collectors has none).
        builder.Services.AddSingleton<CollectionSummary>();
        builder.Services.AddSingleton(services => new DashboardService(
            services.GetRequiredService<ReportService>(),
            services.GetService<Engagement.Collectors.Status.CollectorStatusQuery>() is null ? null : services.GetRequiredService<CollectionSummary>(),
            services.GetRequiredService<TimeProvider>()));
        builder.Services.AddScoped(services => new Onboarding.OnboardingService(
            services.GetRequiredService<Engagement.Data.Store.Repositories.BrandRepository>(), services.GetRequiredService<Engagement.Data.Store.Repositories.AccountRepository>(),
            services.GetRequiredService<Security.BrandAccess>(), services.GetRequiredService<FieldRules>(), services.GetService<Engagement.Collectors.Status.AccountProbe>()));
        builder.Services.AddSingleton<Onboarding.FirstCollection>();
        builder.Services.AddOptions<ImportOptions>()
            .BindConfiguration(ImportOptions.Section)
            .Validate(options => options.MaxBytes > 0, "Imports:MaxBytes must be positive")
            .Validate(options => options.MaxListedErrors >= 0, "Imports:MaxListedErrors must be 0 or more")
            .ValidateOnStart();
        return builder;
    }
}
