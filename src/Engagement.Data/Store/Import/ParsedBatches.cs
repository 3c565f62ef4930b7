using System.Threading.Channels;
using Engagement.Data.Csv;

namespace Engagement.Data.Store.Import;

/// <summary>
/// Reads a file's records on a thread of its own and hands the valid ones over in batches through
/// a bounded channel, so that parsing and validating (the managed half of an import) run on one
/// core while the caller writes the rows into the store on the other (issue 16). The writer stays
/// on the caller's side, one batch at a time, in file order: the stages need no locking. Rejected
/// rows are counted here, on the reading thread; the caller reads the counts only after
/// <see cref="CompleteAsync"/>.
/// </summary>
internal sealed class ParsedBatches<T> : IDisposable
{
    private const int BatchSize = 1024;

    // Batches in flight: enough to ride out a slow write (a B-tree split, a page spill), small enough
    // to keep the memory of a file bounded (~8 MB of rows).
    private const int Depth = 8;

    private readonly Channel<Batch> _channel =
        Channel.CreateBounded<Batch>(new BoundedChannelOptions(Depth) { SingleReader = true, SingleWriter = true });

    private readonly CancellationTokenSource _stop;
    private readonly Task<long> _reading;

    private ParsedBatches(IEnumerable<CsvRecord<T>> records, ImportCounts counts, Action<T>? observe, Func<T[], int, object?>? prepare, CancellationToken ct)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _reading = Task.Factory.StartNew(
            () => Read(records, counts, observe, prepare), _stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// A batch of valid rows, how many rows of the file had been read when it was cut, and what
    /// the reading thread prepared for the writer from its rows (null when nothing is prepared).
    /// </summary>
    public readonly record struct Batch(T[] Rows, int Count, long RowsRead, object? Prepared);

    /// <summary>
    /// Starts reading <paramref name="records"/> on a thread of its own; <paramref name="observe"/>,
    /// when given, sees every valid row there, in file order, before the writer does (the reading
    /// thread has most of a core spare while the writer is the bound). Nothing else may touch what
    /// it writes to until <see cref="CompleteAsync"/> or <see cref="AbandonAsync"/> has returned.
    /// <paramref name="prepare"/>, when given, runs there on each batch as it is cut (rows and count),
    /// its result handed over with the batch.
    /// </summary>
    public static ParsedBatches<T> Start(
        IEnumerable<CsvRecord<T>> records, ImportCounts counts, CancellationToken ct, Action<T>? observe = null, Func<T[], int, object?>? prepare = null) =>
        new(records, counts, observe, prepare, ct);

    /// <summary>The batches in file order; ends normally even when reading failed (<see cref="CompleteAsync"/> throws that).</summary>
    public IAsyncEnumerable<Batch> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);

    /// <summary>Waits for the reader; returns the rows read, or throws what stopped the reading.</summary>
    public Task<long> CompleteAsync() => _reading;

    /// <summary>Stops the reader after the writing side failed, and waits for it to let go of the file.</summary>
    public async Task AbandonAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (Exception)
        {
            // The writer's failure is the one the caller reports.
        }
    }

    public void Dispose() => _stop.Dispose();

    private long Read(IEnumerable<CsvRecord<T>> records, ImportCounts counts, Action<T>? observe, Func<T[], int, object?>? prepare)
    {
        var writer = _channel.Writer;
        try
        {
            long rows = 0;
            var batch = new T[BatchSize];
            var count = 0;
            foreach (var record in records)
            {
                rows++;
                if (record.Value is not { } value)
                {
                    counts.Reject(record.Errors);
                    continue;
                }

                observe?.Invoke(value);
                batch[count++] = value;
                if (count == BatchSize)
                {
                    Hand(new Batch(batch, count, rows, prepare?.Invoke(batch, count)));
                    batch = new T[BatchSize];
                    count = 0;
                }
            }

            if (count > 0)
            {
                Hand(new Batch(batch, count, rows, prepare?.Invoke(batch, count)));
            }

            return rows;
        }
        finally
        {
            // Without an exception: the reader's own fault is thrown by CompleteAsync, as it was thrown.
            writer.TryComplete();
        }
    }

    // A dedicated thread: blocking while the writer catches up is what bounds the memory.
    private void Hand(Batch batch)
    {
        if (!_channel.Writer.TryWrite(batch))
        {
            _channel.Writer.WriteAsync(batch, _stop.Token).AsTask().GetAwaiter().GetResult();
        }
    }
}
