using Engagement.Data.Store;
using Engagement.Data.Store.Deliveries;

namespace Engagement.Service.Deliveries;

public static class DeliveriesExtensions
{
    /// <summary>
    /// Scheduled reports, alerts and their delivery: options (<c>Deliveries</c>, <c>Smtp</c>, <c>Pdf</c>),
    /// the repositories, the PDF printer, the webhook and e-mail senders, the schedule runner and the
    /// alert evaluator (told of every import and collector pass). <paramref name="background"/>: also
    /// the worker that runs schedules and sends deliveries (the service; command-line verbs only queue).
    /// </summary>
    public static IHostApplicationBuilder AddDeliveries(this IHostApplicationBuilder builder, bool background = true)
    {
        var services = builder.Services;
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section)
            .Validate(options => options.Problem() is null, "Deliveries: MaxAttempts >= 1; PollInterval, LeaseDuration, WebhookTimeout > 0; MaxRetryDelay >= FirstRetryDelay >= 0; BackoffFactor >= 1")
            .ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section)
            .Validate(options => options.Port is > 0 and < 65536 && options.Security is "Auto" or "StartTls" or "SslOnConnect" or "None", "Smtp: Port 1-65535, Security Auto | StartTls | SslOnConnect | None")
            .ValidateOnStart();
        services.AddOptions<PdfOptions>().BindConfiguration(PdfOptions.Section)
            .Validate(options => options.Timeout > TimeSpan.Zero && options.MaxConcurrentPrints > 0, "Pdf:Timeout and Pdf:MaxConcurrentPrints must be positive")
            .ValidateOnStart();
        services.AddSingleton<ScheduleRepository>();
        services.AddSingleton<ScheduleRunRepository>();
        services.AddSingleton<DeliveryRepository>();
        services.AddSingleton<AlertRepository>();
        services.AddSingleton<PdfPrinter>();
        services.AddSingleton<ScheduledReport>();
        services.AddSingleton<EmailSender>();
        WebhookSender.Configure(services);
        services.AddSingleton(_ => DeliveryOwner.New());
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<ScheduleRunner>();
        services.AddSingleton<AlertEvaluator>();
        services.AddSingleton<IStoreChangeListener>(sp => sp.GetRequiredService<AlertEvaluator>());
        if (background)
        {
            services.AddHostedService<DeliveryService>();
        }

        return builder;
    }
}
