using System.Net;

namespace Engagement.Collectors.Http;

/// <summary>
/// The resilience handler of a network's typed client: pause check, client-side budget, retries,
/// circuit breaker and per-attempt timeout around every request, and the account's counters.
/// </summary>
internal sealed class CollectorHttpHandler(NetworkGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var lane = gate.GetLane(gate.Policy.LaneOf(request));
        var cost = gate.Policy.CostOf(request);
        return await lane.Retry.ExecuteAsync(
            async token =>
            {
                try
                {
                    gate.ThrowIfPaused();
                    var grant = await lane.Budget.AcquireAsync(cost, token);
                    try
                    {
                        return await lane.Attempt.ExecuteAsync(
                            attemptToken =>
                            {
                                // The attempt's timeout is armed: the request is on its way.
                                grant.Dispose();
                                return SendOnceAsync(request, lane, attemptToken);
                            },
                            token);
                    }
                    finally
                    {
                        grant.Dispose();
                    }
                }
                catch (NetworkPausedException paused)
                {
                    // Every other request of the network stops here too, until the pause ends.
                    gate.Pause(paused.Until, paused.Message);
                    throw;
                }
            },
            cancellationToken);
    }

    private async ValueTask<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, Lane lane, CancellationToken ct)
    {
        var counters = CollectorScope.Current;
        counters?.CountRequest();
        var response = await base.SendAsync(request, ct);
        try
        {
            // Reading the body inside the attempt puts it under the attempt timeout, and makes a
            // truncated body a retryable network error instead of a parse error later.
            await response.Content.LoadIntoBufferAsync(ct);
            var now = gate.Time.GetUtcNow();
            var limited = response.StatusCode == HttpStatusCode.TooManyRequests;
            if (limited)
            {
                counters?.CountRateLimited();
            }

            // The other requests of the lane wait for the reset too, instead of each earning a 429.
            if ((limited || gate.Policy.Remaining(response) == 0) && gate.Policy.ResetAt(response, now) is { } reset)
            {
                lane.Budget.BlockUntil(reset);
            }

            if (gate.Policy.HoldAfter(response, now) is { } hold)
            {
                Hold(lane, hold, now);
            }

            await gate.Policy.InspectAsync(response, now, ct);
            return response;
        }
        catch (NetworkPausedException) when (gate.Policy.PausesWhenSpent && lane.Budget is SharedRequestBudget shared)
        {
            // The server's quota is gone: every process of the store stops asking until it resets.
            response.Dispose();
            await shared.SpendWindowAsync(gate.Time.GetUtcNow(), CancellationToken.None);
            throw;
        }
        catch (TransientResponseException throttled) when (throttled.RateLimited || throttled.RetryAt is not null)
        {
            response.Dispose();
            if (throttled.RateLimited)
            {
                counters?.CountRateLimited();
            }

            if (throttled.RetryAt is { } retryAt)
            {
                lane.Budget.BlockUntil(retryAt);
            }

            throw;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>A short hold spaces the lane's requests; one longer than a worker should wait pauses the network.</summary>
    private void Hold(Lane lane, LaneHold hold, DateTimeOffset now)
    {
        if (hold.Until - now > gate.Options.MaxRateLimitWait)
        {
            gate.Pause(hold.Until, hold.Reason);
        }
        else
        {
            lane.Budget.BlockUntil(hold.Until);
        }
    }
}
