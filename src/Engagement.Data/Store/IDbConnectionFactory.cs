using System.Data.Common;
using Polly;

namespace Engagement.Data.Store;

/// <summary>
/// Opens one connection per operation (callers dispose it with <c>await using</c>); pooling,
/// when the provider has it, makes that cheap.
/// </summary>
public interface IDbConnectionFactory
{
    ISqlDialect Dialect { get; }

    /// <summary>Retries a whole write operation (connection, transaction, statements) on a transient lock error.</summary>
    ResiliencePipeline WriteRetry { get; }

    /// <summary>The clock for the instants the store records (created_at, applied_at, ...).</summary>
    TimeProvider Time { get; }

    /// <summary>An open, configured connection.</summary>
    Task<DbConnection> OpenAsync(CancellationToken ct = default);
}
