using Engagement.Data.Store;

namespace Engagement.Service.Hosting;

/// <summary>
/// Migrates the store while the host starts, before any hosted service or the server runs
/// (<see cref="IHostedLifecycleService.StartingAsync"/>), and closes its pooled connections once
/// the host has stopped, so the SQLite file is left checkpointed and unlocked.
/// </summary>
internal sealed class StoreLifecycle(StoreMigrator migrator, IDbConnectionFactory factory, ILogger<StoreLifecycle> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var applied = await migrator.MigrateAsync(cancellationToken);
        logger.LogInformation("Store {Path} ready ({Applied} migration(s) applied)", StoreConnection.Describe(factory), applied.Count);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        // PostgreSQL's pool is closed when the container disposes the factory.
        (factory as SqliteConnectionFactory)?.ClearPool();
        return Task.CompletedTask;
    }
}
