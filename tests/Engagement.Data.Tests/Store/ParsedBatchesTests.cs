using System.Globalization;
using Engagement.Data.Csv;
using Engagement.Data.Store.Import;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// Issue 16: an import parses on a thread of its own and hands the rows to the writer through a
/// bounded channel (<see cref="ParsedBatches{T}"/>). The writer must see every row in file order,
/// the reader must stay a bounded distance ahead, and a failure on either side must end both.
/// </summary>
public sealed class ParsedBatchesTests
{
    private static readonly DatasetFile File = new("/nowhere/posts.csv", DatasetFileKind.Posts);

    [Test]
    public async Task The_writer_gets_every_valid_row_in_file_order_and_the_rejected_ones_are_counted()
    {
        var counts = new ImportCounts(10);
        var writer = new ListWriter();

        var rows = await StagedFile.StageAsync(writer, Records(5_000, rejectEvery: 7), File, counts, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(5_000));
            Assert.That(writer.Rows, Is.EqualTo(Enumerable.Range(1, 5_000).Where(line => line % 7 != 0)));
            Assert.That(counts.Rejected, Is.EqualTo(5_000 / 7));
            Assert.That(counts.Errors.Select(error => error.Line), Is.EqualTo(Enumerable.Range(1, 10).Select(i => i * 7)));
        });
    }

    [Test]
    public async Task The_reader_stays_a_bounded_number_of_rows_ahead_of_a_slow_writer()
    {
        var read = 0;
        var writer = new ListWriter(row =>
        {
            Assert.That(Volatile.Read(ref read) - row, Is.LessThanOrEqualTo(16 * 1024), "rows read ahead of the writer");
            if (row % 1024 == 0)
            {
                Thread.Sleep(5);
            }
        });

        await StagedFile.StageAsync(writer, Records(50_000, counter: () => Interlocked.Increment(ref read)), File, new ImportCounts(10), null, CancellationToken.None);

        Assert.That(writer.Rows, Has.Count.EqualTo(50_000));
    }

    [Test]
    public void A_file_rejected_while_read_fails_the_stage_with_its_own_exception()
    {
        var writer = new ListWriter();

        Assert.That(
            () => StagedFile.StageAsync(writer, Records(3_000, failAt: 2_500), File, new ImportCounts(10), null, CancellationToken.None),
            Throws.InstanceOf<CsvFileRejectedException>().With.Message.Contains("line 2500"));
        // Whatever was written is rolled back with the file; it never goes past the fault.
        Assert.That(writer.Rows, Is.EqualTo(Enumerable.Range(1, writer.Rows.Count)));
        Assert.That(writer.Rows, Has.Count.LessThan(2_500));
    }

    [Test]
    public void A_writer_failure_stops_the_reading_thread_and_lets_go_of_the_file()
    {
        var read = 0;
        var disposed = new TaskCompletionSource();
        var writer = new ListWriter(row =>
        {
            if (row == 2_000)
            {
                throw new InvalidOperationException("disk full");
            }
        });

        Assert.That(
            () => StagedFile.StageAsync(
                writer, Records(1_000_000, counter: () => Interlocked.Increment(ref read), disposed: disposed), File, new ImportCounts(10), null, CancellationToken.None),
            Throws.InvalidOperationException.With.Message.EqualTo("disk full"));

        // The reader was stopped (not left blocked on a full channel, nor reading to the end), and
        // its enumeration, which holds the file open, was disposed before the stage returned.
        Assert.That(disposed.Task.IsCompleted, Is.True, "the records' enumeration disposed");
        Assert.That(Volatile.Read(ref read), Is.LessThan(100_000));
    }

    private static IEnumerable<CsvRecord<string>> Records(
        int count, int rejectEvery = 0, int failAt = 0, Func<int>? counter = null, TaskCompletionSource? disposed = null)
    {
        try
        {
            for (var line = 1; line <= count; line++)
            {
                counter?.Invoke();
                if (line == failAt)
                {
                    throw new CsvFileRejectedException("posts.csv", $"not a valid CSV file (line {line}: broken)");
                }

                yield return rejectEvery > 0 && line % rejectEvery == 0
                    ? new CsvRecord<string>(line, null, [new CsvRowError("posts.csv", line, "likes", "not an integer")])
                    : new CsvRecord<string>(line, line.ToString(CultureInfo.InvariantCulture), []);
            }
        }
        finally
        {
            disposed?.TrySetResult();
        }
    }

    // Rows are their line numbers.
    private sealed class ListWriter(Action<int>? onRow = null) : IStageWriter<string>
    {
        public List<int> Rows { get; } = [];

        public ValueTask WriteAsync(string row, CancellationToken ct)
        {
            var line = int.Parse(row, CultureInfo.InvariantCulture);
            onRow?.Invoke(line);
            Rows.Add(line);
            return ValueTask.CompletedTask;
        }

        public Task<long> CompleteAsync(CancellationToken ct) => Task.FromResult(0L);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
