using System.Data.Common;

namespace Engagement.Data.Store.Import;

/// <summary>
/// Statements whose row counts nobody reads, sent many to a round trip where the provider batches
/// (<see cref="DbBatch"/>: Npgsql), so a recompute of thousands of accounts is not thousands of
/// client-server round trips (issue 16: on a busy machine each costs two context switches).
/// Where it does not (SQLite, in process), <see cref="BatchCommand.QueueAsync"/> runs the
/// statement at once. Statements run in the order queued; <see cref="FlushAsync"/> sends the rest.
/// </summary>
internal sealed class WriteQueue(DbConnection connection, DbTransaction? transaction) : IAsyncDisposable
{
    // Large enough that the round trip is a small part of the batch, small enough to bound the memory.
    private const int FlushAt = 1_000;

    private DbBatch? _batch;

    public bool Batches { get; } = connection.CanCreateBatch;

    public async Task AddAsync(string sql, IReadOnlyList<DbParameter> parameters, CancellationToken ct)
    {
        if (_batch is null)
        {
            _batch = connection.CreateBatch();
            _batch.Transaction = transaction;
        }

        var command = _batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var source in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = source.ParameterName;
            parameter.Value = source.Value;
            command.Parameters.Add(parameter);
        }

        _batch.BatchCommands.Add(command);
        if (_batch.BatchCommands.Count >= FlushAt)
        {
            await FlushAsync(ct);
        }
    }

    /// <summary>Sends the statements queued so far.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_batch is null)
        {
            return;
        }

        var batch = _batch;
        _batch = null;
        await using (batch)
        {
            // Prepared: a batch repeats a few statements hundreds of times, and the server would
            // otherwise parse and plan each one (Npgsql prepares each text once per connection
            // and reuses it for every later batch).
            await batch.PrepareAsync(ct);
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_batch is not null)
        {
            await _batch.DisposeAsync();
        }
    }
}
