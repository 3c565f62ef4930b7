using Engagement.Collectors.Http;

namespace Engagement.Collectors.Engine;

/// <summary>One foreground pass over the tracked accounts, for <c>collect --once</c> and cron-style setups.</summary>
public sealed class CollectorRunner
{
    private readonly CollectorEngine _engine;
    private readonly NetworkGates _gates;

    internal CollectorRunner(CollectorEngine engine, NetworkGates gates)
    {
        _engine = engine;
        _gates = gates;
    }

    /// <summary>
    /// Collects every account of <paramref name="network"/> (all collector networks when null) of
    /// <paramref name="brand"/> (all brands when null) now, whatever their schedule; networks run
    /// side by side, the accounts of one network up to its concurrency limit.
    /// </summary>
    /// <exception cref="ArgumentException">A network no collector serves.</exception>
    public async Task<CollectorRunSummary> RunOnceAsync(
        string? network = null,
        string? brand = null,
        IProgress<CollectorProgress>? progress = null,
        CancellationToken ct = default)
    {
        var networks = network is null ? CollectorNetworks.All : [Select(network)];
        var notes = new List<string>();
        var runs = new List<Task<IReadOnlyList<AccountRunResult>>>();
        foreach (var name in networks)
        {
            if (_gates[name].Options.DisabledReason is { } reason)
            {
                notes.Add($"{name} disabled: {reason}");
                continue;
            }

            if (_gates[name].PausedUntil is { } until)
            {
                notes.Add($"{name} paused until {until:O}");
            }

            runs.Add(_engine.RunPassAsync(name, brand, force: true, progress, ct));
        }

        var results = await Task.WhenAll(runs);
        return new CollectorRunSummary([.. results.SelectMany(r => r)], notes);
    }

    private static string Select(string network)
    {
        var id = network.Trim().ToLowerInvariant();
        return CollectorNetworks.All.Contains(id)
            ? id
            : throw new ArgumentException(
                $"no collector for network '{network}': --network takes one of {string.Join(", ", CollectorNetworks.All)}; other networks are imported as CSV",
                nameof(network));
    }
}
