using Engagement.Data.Store.Aggregates;

namespace Engagement.Data.Tests.Store.Aggregates;

public sealed class MonthCodecTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void A_month_round_trips(bool hasFollowers)
    {
        var month = new MonthDays(MonthKey.Of(new DateOnly(2024, 2, 10)), hasFollowers);
        month.Totals[0] = new DayTotals(3, 1, 4, 1, 2, long.MaxValue, 1_000_000_000_000);
        month.Totals[28] = new DayTotals(0, 0, 2, 0, 0, 0, 0);
        month.Delays[28] = [0, 604_799_999_999];
        if (month.Followers is { } followers)
        {
            Array.Fill(followers, 12_345_678_901);
            followers[28] = 0;
        }

        var decoded = MonthCodec.Decode(month.Month, MonthCodec.Encode(month));

        Assert.That(decoded.Totals, Has.Length.EqualTo(29), "February of a leap year");
        Assert.That(decoded.Totals, Is.EqualTo(month.Totals));
        Assert.That(decoded.Delays, Is.EqualTo(month.Delays));
        Assert.That(decoded.Followers, Is.EqualTo(month.Followers));
    }

    [Test]
    public void Month_keys_count_months_across_years()
    {
        Assert.That(MonthKey.Of(new DateOnly(2024, 1, 31)) - MonthKey.Of(new DateOnly(2023, 12, 1)), Is.EqualTo(1));
        Assert.That(MonthKey.FirstDay(MonthKey.Of(new DateOnly(2024, 12, 25))), Is.EqualTo(new DateOnly(2024, 12, 1)));
    }
}
