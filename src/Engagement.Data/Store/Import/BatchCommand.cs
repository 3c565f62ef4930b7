using System.Data.Common;

namespace Engagement.Data.Store.Import;

/// <summary>
/// One prepared statement executed many times in a transaction with new parameter values: the
/// statement is compiled once, not per row (the import's hot path, where Dapper's per-call
/// work would dominate).
/// </summary>
internal sealed class BatchCommand : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;
    private bool _prepared;

    public BatchCommand(DbConnection connection, DbTransaction transaction, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _parameters = new DbParameter[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "@" + parameterNames[i];
            _command.Parameters.Add(parameter);
            _parameters[i] = parameter;
        }
    }

    public BatchCommand Set(int index, object? value)
    {
        _parameters[index].Value = value ?? DBNull.Value;
        return this;
    }

    /// <summary>Runs the statement; returns the rows it changed.</summary>
    public async Task<int> ExecuteAsync(CancellationToken ct)
    {
        // Prepared once the first values are bound: Npgsql infers the parameter types from them.
        if (!_prepared)
        {
            await _command.PrepareAsync(ct);
            _prepared = true;
        }

        return await _command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs the statement, or adds it to the queue's next round trip where the provider batches.</summary>
    public Task QueueAsync(WriteQueue queue, CancellationToken ct) =>
        queue.Batches ? queue.AddAsync(_command.CommandText, _parameters, ct) : ExecuteAsync(ct);

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
