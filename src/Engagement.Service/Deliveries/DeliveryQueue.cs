using Engagement.Data.Store.Deliveries;
using Microsoft.Extensions.Options;

namespace Engagement.Service.Deliveries;

/// <summary>The id under which this process claims schedule runs and deliveries (a restarted process is a new owner).</summary>
public sealed record DeliveryOwner(string Id)
{
    public static DeliveryOwner New() => new(Data.Store.Repositories.AccountLeaseRepository.NewOwnerId());
}

/// <summary>
/// Works the outbox: claims the deliveries due now, sends each (webhook or e-mail), records the
/// attempt, and schedules a retry with exponential backoff (<see cref="DeliveryOptions.Backoff"/>)
/// until <see cref="DeliveryOptions.MaxAttempts"/>. A permanent refusal (a 4xx answer, a refused
/// address) ends the delivery at once.
/// </summary>
public sealed class DeliveryQueue(
    DeliveryRepository deliveries,
    ScheduleRunRepository runs,
    WebhookSender webhooks,
    EmailSender email,
    DeliveryOwner owner,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryQueue> log)
{
    private const int Batch = 10;

    /// <summary>Sends what is due now, a batch at a time, until nothing due is left; returns how many attempts were made.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var attempts = 0;
        var files = new RunFiles(runs);
        while (true)
        {
            var claimed = await deliveries.ClaimDueAsync(owner.Id, Batch, settings.LeaseDuration, ct);
            if (claimed.Count == 0)
            {
                return attempts;
            }

            // A run's deliveries side by side (runs in the order claimed), so its files are read once for all of them.
            foreach (var delivery in claimed.GroupBy(d => d.RunId).SelectMany(run => run))
            {
                await AttemptAsync(delivery, await files.OfAsync(delivery.RunId, ct), settings, ct);
                attempts++;
            }
        }
    }

    private async Task AttemptAsync(Delivery delivery, IReadOnlyList<RunFile> files, DeliveryOptions settings, CancellationToken ct)
    {
        SendResult result;
        try
        {
            result = delivery.Channel == "webhook"
                ? await webhooks.SendAsync(delivery, files, ct)
                : await email.SendAsync(delivery, files, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Delivery {Id} ({Channel}) failed unexpectedly", delivery.Id, delivery.Channel);
            result = SendResult.Retry($"unexpected error: {e.GetType().Name}");
        }

        var attempt = delivery.Attempts + 1;
        var outcome = result.Delivered ? AttemptOutcome.Delivered
            : result.Permanent || attempt >= settings.MaxAttempts ? AttemptOutcome.Failed
            : AttemptOutcome.Retry;
        var retryAt = outcome == AttemptOutcome.Retry ? RetryAt(result, attempt, settings) : (DateTimeOffset?)null;
        if (!await deliveries.RecordAttemptAsync(delivery.Id, owner.Id, outcome, result.StatusCode, result.Error, retryAt, ct))
        {
            log.LogWarning("Delivery {Id}: the lease expired during the attempt; another instance may send it again", delivery.Id);
        }
        else if (outcome != AttemptOutcome.Delivered)
        {
            log.LogWarning("Delivery {Id} to {Channel} attempt {Attempt}: {Error} ({Outcome})", delivery.Id, delivery.Channel, attempt, result.Error, outcome);
        }
    }

    /// <summary>
    /// The backoff, or later when the receiver asked (Retry-After on a 429 or 503), but never later
    /// than <see cref="DeliveryOptions.MaxRetryDelay"/> from now: a far-off date cannot park a delivery.
    /// </summary>
    private DateTimeOffset RetryAt(SendResult result, int attempt, DeliveryOptions settings)
    {
        var now = time.GetUtcNow();
        var backoff = now + settings.Backoff(attempt);
        if (result.RetryAfter is not { } asked || asked <= backoff)
        {
            return backoff;
        }

        var latest = now + settings.MaxRetryDelay;
        return asked < latest ? asked : latest;
    }

    /// <summary>
    /// The files of the run being sent, read from the store once for all its deliveries (a webhook
    /// and e-mails send the same PDF). It holds one run's files at a time: the previous run's are
    /// let go before the next run's are read, so a queue of many runs never holds two runs' files.
    /// </summary>
    private sealed class RunFiles(ScheduleRunRepository runs)
    {
        private long? _run;
        private IReadOnlyList<RunFile> _files = [];

        public async Task<IReadOnlyList<RunFile>> OfAsync(long? run, CancellationToken ct)
        {
            if (run != _run)
            {
                // Cleared first: a read that fails holds nothing, and the next call reads again.
                (_run, _files) = (null, []);
                _files = run is { } id ? await runs.FilesAsync(id, ct) : [];
                _run = run;
            }

            return _files;
        }
    }
}
