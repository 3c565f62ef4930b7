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

    /// <summary>The month back from its bytes (<see cref="WindowBuilder"/> reads the same layout straight into a window).</summary>
    public static MonthDays Decode(int month, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var reader = new VarintReader(data);
        if (reader.ReadByte() != FormatVersion)
        {
            throw new InvalidDataException($"account_months row of month {month}: unknown format");
        }

        var days = new (int Index, DayTotals Totals, long[] Delays)[reader.ReadInt32()];
        for (var i = 0; i < days.Length; i++)
        {
            var index = reader.ReadInt32();
            var totals = new DayTotals(
                reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(),
                reader.ReadInt64(), reader.ReadInt64());
            var delays = new long[reader.ReadInt32()];
            for (var d = 0; d < delays.Length; d++)
            {
                delays[d] = reader.ReadInt64();
            }

            days[i] = (index, totals, delays);
        }

        var result = new MonthDays(month, hasFollowers: reader.ReadByte() != 0);
        foreach (var (index, totals, delays) in days)
        {
            result.Totals[index] = totals;
            result.Delays[index] = delays;
        }

        if (result.Followers is { } followers)
        {
            for (var i = 0; i < followers.Length; i++)
            {
                followers[i] = reader.ReadInt64();
            }
        }

        return result;
    }
}
