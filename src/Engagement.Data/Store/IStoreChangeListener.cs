namespace Engagement.Data.Store;

/// <summary>
/// Told when new data has been committed: after an import that changed rows, after a collector pass
/// that collected accounts. The alert rules are evaluated here. A listener must not throw: the data
/// is already committed, and the import or pass that told it has succeeded.
/// </summary>
public interface IStoreChangeListener
{
    /// <param name="cause"><c>import</c>, or <c>collect:NETWORK</c>.</param>
    Task StoreChangedAsync(string cause, CancellationToken ct);
}
