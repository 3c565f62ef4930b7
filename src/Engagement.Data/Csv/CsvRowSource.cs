using System.Text;
using CsvHelper;

namespace Engagement.Data.Csv;

/// <summary>
/// The data rows of one canonical file as raw <typeparamref name="TRow"/> records, read one at a
/// time with CsvHelper. It adds what docs/data-format.md asks beyond RFC 4180 and CsvHelper's own
/// leniency: the header checks, physical line numbers, blank lines skipped, the field count
/// checked per row, and NUL bytes, broken quoting and undecodable text rejecting the whole file.
/// </summary>
internal sealed class CsvRowSource<TRow> : IDisposable
{
    // Python's csv module refuses longer fields, so the reference rejects such a file; so do we.
    private const int FieldSizeLimit = 131_072;

    // Bounds the buffer when a quote never closes. Any record this large has a field over the limit.
    private const int MaxRecordBytes = 16 * 1024 * 1024;

    private readonly CsvReader _reader;
    private readonly string _file;
    private readonly CsvFileSchema _schema;
    private CsvRecordMapper<TRow>? _mapper;
    private int _headerFieldCount;
    private (long Line, string Reason)? _malformed;

    public CsvRowSource(TextReader text, string file, CsvFileSchema schema)
    {
        _file = file;
        _schema = schema;
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            DetectSeparatorHint = false,
            HasHeader = true,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            TrimWhitespace = false,
            CommentPrefix = null,
            // Off so that a blank first line is an (empty) header, as in the reference; blank data
            // lines are skipped below instead.
            SkipEmptyLines = false,
            TrackLineNumbers = true,
            NullValues = [string.Empty],
            NormalizeHeaderName = MatchKey,
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = OnMalformed,
            MaxRecordSize = MaxRecordBytes,
        };
        _reader = CsvReader.Create(text, options, leaveOpen: true);
    }

    /// <summary>The physical line where the current record starts (the header is line 1).</summary>
    public int Line { get; private set; }

    /// <summary>Why the current record cannot be mapped (its field count), or null.</summary>
    public string? FieldCountProblem { get; private set; }

    /// <summary>Reads and checks the header; throws <see cref="CsvFileRejectedException"/> when it is unusable.</summary>
    public void ReadHeader()
    {
        var header = Guard(() => _reader.Headers.ToArray());
        ThrowIfMalformed(1);
        if (header.Length == 0)
        {
            throw Reject("empty file or blank first line, expected a header row");
        }

        if (header.Any(name => name.Contains('\0', StringComparison.Ordinal)))
        {
            throw Reject("binary data (NUL byte) in the header row");
        }

        if (header.Any(name => CodePoints(name) > FieldSizeLimit))
        {
            throw Reject($"not a valid CSV file (line 1: field larger than field limit ({FieldSizeLimit}))");
        }

        var names = header.Select(name => name.ToLowerInvariant()).ToArray();
        var known = _schema.Columns.Select(column => column.Name).ToHashSet(StringComparer.Ordinal);
        var repeated = names.Where(known.Contains).GroupBy(name => name).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            throw Reject($"column '{repeated.Key}' appears more than once in the header");
        }

        var missing = _schema.Columns.Where(column => column.Required && !names.Contains(column.Name)).Select(column => column.Name).ToList();
        if (missing.Count > 0)
        {
            throw Reject($"missing required column(s): {string.Join(", ", missing)} (header is: {string.Join(", ", header)})");
        }

        _headerFieldCount = header.Length;
        _mapper = Guard(() => CsvRecordMapper.Create<TRow>(_reader));
    }

    /// <summary>Moves to the next non-blank record; false at the end of the file.</summary>
    public bool MoveNext()
    {
        while (Guard(_reader.Read))
        {
            var line = _reader.LineNumber;
            ThrowIfMalformed(line);
            var raw = _reader.RawRecord;
            if (raw.IsEmpty)
            {
                continue;
            }

            if (raw.Length > FieldSizeLimit && HasFieldOverLimit())
            {
                throw Reject($"not a valid CSV file (line {line}: field larger than field limit ({FieldSizeLimit}))");
            }

            if (raw.Contains((byte)0))
            {
                throw Reject($"line {line}: binary data (NUL byte)");
            }

            Line = checked((int)line);
            FieldCountProblem = _reader.FieldCount == _headerFieldCount
                ? null
                : $"expected {_headerFieldCount} fields, found {_reader.FieldCount}";
            return true;
        }

        ThrowIfMalformed(long.MaxValue);
        return false;
    }

    /// <summary>The current record's known columns, an empty field (or a missing column) as null.</summary>
    public TRow GetRow()
    {
        var mapper = _mapper ?? throw new InvalidOperationException("The header has not been read.");
        return Guard(() => _reader.GetRecord(mapper));
    }

    public void Dispose() => _reader.Dispose();

    // Lower case is the comparison docs/data-format.md asks for. CsvHelper falls back to matching
    // names trimmed, but header names are not trimmed (" brand" is not "brand"): a name with
    // surrounding whitespace gets marks that trimming cannot remove, so it never matches.
    private static string MatchKey(string name)
    {
        var key = name.ToLowerInvariant();
        return key.Trim() == key ? key : $"\u0001{key}\u0001";
    }

    private static int CodePoints(string text) => text.EnumerateRunes().Count();

    private bool HasFieldOverLimit() =>
        Enumerable.Range(0, _reader.FieldCount).Any(i => CodePoints(_reader.GetString(i)) > FieldSizeLimit);

    // Quotes inside an unquoted field are text, as in Python's csv module; the other quoting
    // faults are errors there in strict mode, so they reject the file here too.
    private void OnMalformed(CsvMalformedRecord record)
    {
        var reason = record.Reason switch
        {
            CsvMalformedReason.StrayQuote => null,
            CsvMalformedReason.UnterminatedQuote => "a quoted field is opened and never closed",
            CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field (expected ',' or a line break)",
            _ => record.Reason.ToString(),
        };
        if (reason is not null && _malformed is null)
        {
            _malformed = (record.LineNumber, reason);
        }
    }

    // The fault is raised when the record it is in is reached, so the rows before it are still read.
    private void ThrowIfMalformed(long currentLine)
    {
        if (_malformed is { } fault && fault.Line <= currentLine)
        {
            throw Reject($"not a valid CSV file (record starting on line {fault.Line}: {fault.Reason})");
        }
    }

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CsvFormatException e) when (e.InnerException is null)
        {
            var where = e.LineNumber > 0 ? $"line {e.LineNumber}: " : string.Empty;
            throw Reject($"not a valid CSV file ({where}{e.Message})");
        }
        catch (Exception e) when (FindDecoderFault(e) is { } fault)
        {
            throw Reject($"not UTF-8 text (invalid byte sequence {Convert.ToHexString(fault.BytesUnknown ?? [])})");
        }
    }

    private static DecoderFallbackException? FindDecoderFault(Exception? e) =>
        e switch
        {
            null => null,
            DecoderFallbackException fault => fault,
            _ => FindDecoderFault(e.InnerException),
        };

    private CsvFileRejectedException Reject(string reason) => new(_file, reason);
}
