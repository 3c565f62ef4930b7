using Engagement.Data.Store.Aggregates;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Store.Aggregates;

public sealed class WindowBuilderTests
{
    [Test]
    public void Response_times_from_several_parts_and_blocks_are_placed_in_their_cells_in_stored_order()
    {
        var june = new DateOnly(2024, 6, 1);
        var month = MonthKey.Of(june);
        var accounts = new[] { "a", "b", "c" }
            .Select(handle => new TrackedAccount(new Account("brand", "mastodon", handle), new AccountSummary(month, month, null, null, null)))
            .ToList();
        var builder = new WindowBuilder(accounts, june, june.AddDays(30));
        var parts = new[] { builder.NewPart(), builder.NewPart() };
        var random = new Random(5);
        var expected = new List<long>[90];

        // a: 75,000 response times in one part (more than a block), b: a few in the other, c: none.
        foreach (var (handle, index, perDay, part) in new[] { ("a", 0, 2_500, parts[0]), ("b", 1, 3, parts[1]), ("c", 2, 0, parts[1]) })
        {
            var days = new MonthDays(month, hasFollowers: false);
            for (var day = 0; day < 30; day++)
            {
                var delays = Enumerable.Range(0, perDay).Select(_ => (long)random.Next(1, 1_000_000)).ToArray();
                days.Totals[day] = new DayTotals(1, 0, perDay, 0, 1, 0, 0);
                days.Delays[day] = delays;
                expected[(index * 30) + day] = [.. delays];
            }

            part.Add("mastodon", handle, month, MonthCodec.Encode(days));
        }

        var data = builder.Build();

        Assert.That(WindowBuilder.Part.BlockSize, Is.LessThan(75_000), "the first part fills more than one block");
        Assert.That(data.DelayStart[0], Is.Zero);
        Assert.That(data.DelayStart[^1], Is.EqualTo(75_090));
        for (var cell = 0; cell < 90; cell++)
        {
            Assert.That(data.Delays[data.DelayStart[cell]..data.DelayStart[cell + 1]], Is.EqualTo(expected[cell]), $"cell {cell}");
        }
    }
}
