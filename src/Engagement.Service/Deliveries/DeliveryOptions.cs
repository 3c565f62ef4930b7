namespace Engagement.Service.Deliveries;

/// <summary>Sending reports and alerts (section <c>Deliveries</c>).</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Deliveries";

    /// <summary>Whether this instance sends queued deliveries (and runs due schedules); every instance may.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the queue and the schedules are checked.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per delivery, the first included; then it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; each later wait is <see cref="BackoffFactor"/> times longer, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public double BackoffFactor { get; set; } = 4;

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long an instance holds a delivery or a schedule run it works on before another may take it over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>One webhook request's limit.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before attempt <paramref name="failed"/> + 1, after <paramref name="failed"/> failed attempts.</summary>
    public TimeSpan Backoff(int failed)
    {
        var delay = FirstRetryDelay.TotalSeconds * Math.Pow(BackoffFactor, Math.Max(0, failed - 1));
        return TimeSpan.FromSeconds(Math.Min(delay, MaxRetryDelay.TotalSeconds));
    }

    public string? Problem() =>
        MaxAttempts < 1 ? "Deliveries:MaxAttempts must be 1 or more"
        : PollInterval <= TimeSpan.Zero || LeaseDuration <= TimeSpan.Zero || WebhookTimeout <= TimeSpan.Zero ? "Deliveries: PollInterval, LeaseDuration and WebhookTimeout must be positive"
        : FirstRetryDelay < TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay || BackoffFactor < 1 ? "Deliveries: FirstRetryDelay >= 0, MaxRetryDelay >= FirstRetryDelay, BackoffFactor >= 1"
        : null;
}

/// <summary>The SMTP server e-mails go through (section <c>Smtp</c>); e-mail targets are refused while Host is empty.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    /// <summary><c>Auto</c> (STARTTLS when offered), <c>StartTls</c> (required), <c>SslOnConnect</c> (port 465), <c>None</c>.</summary>
    public string Security { get; set; } = "Auto";

    /// <summary>Empty: no authentication.</summary>
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>The sender, e.g. <c>Engagement &lt;reports@agency.example&gt;</c>.</summary>
    public string From { get; set; } = "";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Printing the report page to PDF (section <c>Pdf</c>).</summary>
public sealed class PdfOptions
{
    public const string Section = "Pdf";

    /// <summary>The Chromium (or Chrome) executable; Debian's package installs /usr/bin/chromium.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>One print's limit.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Prints at once in this process; more wait their turn.</summary>
    public int MaxConcurrentPrints { get; set; } = 2;
}
