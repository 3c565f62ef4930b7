namespace Engagement.Collectors.Engine;

/// <summary>After a pass: the store's change listeners (the alert rules) hear of new data.</summary>
internal sealed partial class CollectorEngine
{
    // Only a pass that committed an account's data: a pass of failures or skips changed nothing.
    private async Task TellListenersAsync(string network, IReadOnlyList<AccountRunResult> results, CancellationToken ct)
    {
        if (!results.Any(r => r.Outcome == AccountRunOutcome.Succeeded))
        {
            return;
        }

        foreach (var listener in listeners)
        {
            await listener.StoreChangedAsync($"collect:{network}", ct);
        }
    }
}
