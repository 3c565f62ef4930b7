namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// Packs <see cref="MonthDays"/> into bytes and back: LEB128 varints, active days only. A window
/// of 90,000 accounts reads one small blob per account and month instead of a row per day, which
/// is what keeps a full report's read under a second (every value is a non-negative integer).
/// </summary>
public static class MonthCodec
{
    private const byte FormatVersion = 1;

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

    public static MonthDays Decode(int month, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var reader = new BinaryReader(new MemoryStream(data, writable: false));
        if (reader.ReadByte() != FormatVersion)
        {
            throw new InvalidDataException($"account_months row of month {month}: unknown format");
        }

        var days = new (int Index, DayTotals Totals, long[] Delays)[reader.Read7BitEncodedInt()];
        for (var i = 0; i < days.Length; i++)
        {
            var index = reader.Read7BitEncodedInt();
            var totals = new DayTotals(
                reader.Read7BitEncodedInt(),
                reader.Read7BitEncodedInt(),
                reader.Read7BitEncodedInt(),
                reader.Read7BitEncodedInt(),
                reader.Read7BitEncodedInt(),
                reader.Read7BitEncodedInt64(),
                reader.Read7BitEncodedInt64());
            var delays = new long[reader.Read7BitEncodedInt()];
            for (var d = 0; d < delays.Length; d++)
            {
                delays[d] = reader.Read7BitEncodedInt64();
            }

            days[i] = (index, totals, delays);
        }

        var result = new MonthDays(month, hasFollowers: reader.ReadBoolean());
        foreach (var (index, totals, delays) in days)
        {
            result.Totals[index] = totals;
            result.Delays[index] = delays;
        }

        if (result.Followers is { } followers)
        {
            for (var i = 0; i < followers.Length; i++)
            {
                followers[i] = reader.Read7BitEncodedInt64();
            }
        }

        return result;
    }
}
