namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// Packs <see cref="MonthDays"/> into bytes and back: LEB128 varints, active days only. A window
/// of 90,000 accounts reads one small blob per account and month instead of a row per day, which
/// is what keeps a full report's read under a second (every value is a non-negative integer).
/// </summary>
public static class MonthCodec
{
    internal const byte FormatVersion = 1;

    public static byte[] Encode(MonthDays month)
    {
        ArgumentNullException.ThrowIfNull(month);
        using var stream = new MemoryStream(256);
        using var writer = new BinaryWriter(stream);
        writer.Write(FormatVersion);
        var active = 0;
        foreach (var day in month.Totals)
        {
            active += day.IsEmpty ? 0 : 1;
        }

        writer.Write7BitEncodedInt(active);
        for (var i = 0; i < month.Totals.Length; i++)
        {
            var day = month.Totals[i];
            if (day.IsEmpty)
            {
                continue;
            }

            writer.Write7BitEncodedInt(i);
            writer.Write7BitEncodedInt(day.Posts);
            writer.Write7BitEncodedInt(day.Answers);
            writer.Write7BitEncodedInt(day.UserPosts);
            writer.Write7BitEncodedInt(day.Viewed);
            writer.Write7BitEncodedInt(day.Unviewed);
            writer.Write7BitEncodedInt64(day.Interactions);
            writer.Write7BitEncodedInt64(day.Views);
            writer.Write7BitEncodedInt(month.Delays[i].Length);
            foreach (var delay in month.Delays[i])
            {
                writer.Write7BitEncodedInt64(delay);
            }
        }

        writer.Write(month.Followers is not null);
        if (month.Followers is { } followers)
        {
            foreach (var count in followers)
            {
                writer.Write7BitEncodedInt64(count);
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>
    /// Reads a month's bytes into <paramref name="reader"/>: every active day's totals and its
    /// response times, then each day's followers (<c>-1</c> for every day of a month without a
    /// snapshot). The one decoder: <see cref="Decode"/> and the window reads (<see cref="WindowBuilder"/>)
    /// both go through it; a struct reader keeps the report's hot loop free of calls through interfaces.
    /// </summary>
    public static void Read<TReader>(int month, ReadOnlySpan<byte> data, ref TReader reader)
        where TReader : struct, IMonthReader
    {
        var bytes = new VarintReader(data);
        if (bytes.ReadByte() != FormatVersion)
        {
            throw new InvalidDataException($"account_months row of month {month}: unknown format");
        }

        for (var active = bytes.ReadInt32(); active > 0; active--)
        {
            var day = bytes.ReadInt32();
            reader.Day(day, new DayTotals(
                bytes.ReadInt32(), bytes.ReadInt32(), bytes.ReadInt32(), bytes.ReadInt32(), bytes.ReadInt32(),
                bytes.ReadInt64(), bytes.ReadInt64()));
            for (var answered = bytes.ReadInt32(); answered > 0; answered--)
            {
                reader.Delay(day, bytes.ReadInt64());
            }
        }

        var hasFollowers = bytes.ReadByte() != 0;
        for (var day = 0; day < MonthKey.Days(month); day++)
        {
            reader.Followers(day, hasFollowers ? bytes.ReadInt64() : -1);
        }
    }

    /// <summary>The month back from its bytes, whole.</summary>
    public static MonthDays Decode(int month, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var collected = new Collected(MonthKey.Days(month));
        Read(month, data, ref collected);
        var result = new MonthDays(month, hasFollowers: collected.FollowerCounts[0] >= 0);
        collected.Totals.CopyTo(result.Totals, 0);
        for (var day = 0; day < result.Delays.Length; day++)
        {
            result.Delays[day] = [.. collected.Delays[day]];
        }

        if (result.Followers is { } followers)
        {
            collected.FollowerCounts.CopyTo(followers, 0);
        }

        return result;
    }

    private readonly struct Collected(int days) : IMonthReader
    {
        public DayTotals[] Totals { get; } = new DayTotals[days];

        public List<long>[] Delays { get; } = [.. Enumerable.Range(0, days).Select(_ => new List<long>())];

        public long[] FollowerCounts { get; } = new long[days];

        public void Day(int day, in DayTotals totals) => Totals[day] = totals;

        public void Delay(int day, long delay) => Delays[day].Add(delay);

        public void Followers(int day, long followers) => FollowerCounts[day] = followers;
    }
}

/// <summary>What <see cref="MonthCodec.Read"/> hands a month's content to, day by day.</summary>
public interface IMonthReader
{
    /// <summary>An active day's totals (<paramref name="day"/>: 0 for the month's first day).</summary>
    void Day(int day, in DayTotals totals);

    /// <summary>One first response time of a user post of <paramref name="day"/>, in stored order.</summary>
    void Delay(int day, long delay);

    /// <summary>The day's followers; -1 when the month has no snapshot.</summary>
    void Followers(int day, long followers);
}
