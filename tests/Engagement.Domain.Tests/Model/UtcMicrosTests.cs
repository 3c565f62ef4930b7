using Engagement.Domain.Model;

namespace Engagement.Domain.Tests.Model;

public class UtcMicrosTests
{
    [Test]
    public void DayOf_uses_the_utc_date_of_an_offset_instant() =>
        Assert.That(UtcMicros.DayOf(Build.At("2024-05-08T01:00:00+03:00")), Is.EqualTo(new DateOnly(2024, 5, 7)));

    [Test]
    public void DayOf_floors_instants_before_the_epoch() =>
        Assert.That(UtcMicros.DayOf(-1), Is.EqualTo(new DateOnly(1969, 12, 31)));

    [Test]
    public void StartOf_and_DayOf_round_trip()
    {
        var day = new DateOnly(2024, 2, 29);
        Assert.That(UtcMicros.DayOf(UtcMicros.StartOf(day)), Is.EqualTo(day));
        Assert.That(UtcMicros.DayOf(UtcMicros.StartOf(day) - 1), Is.EqualTo(day.AddDays(-1)));
    }
}
