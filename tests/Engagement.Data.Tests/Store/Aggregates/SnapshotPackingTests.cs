using System.Buffers.Binary;
using System.Text;
using Engagement.Data.Store.Aggregates;

namespace Engagement.Data.Tests.Store.Aggregates;

public sealed class SnapshotPackingTests
{
    private const int Slice = SnapshotPacking.SliceSize;

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(Slice - 1)]
    [TestCase(Slice)]
    [TestCase(Slice + 1)]
    [TestCase((3 * Slice) + 5)]
    public void A_body_round_trips_whatever_its_length(int length)
    {
        var body = new byte[length];
        new Random(length).NextBytes(body);

        Assert.That(SnapshotPacking.Unpack(SnapshotPacking.Pack(body)), Is.EqualTo(body));
    }

    [Test]
    public void A_document_is_stored_in_a_fraction_of_its_bytes()
    {
        var body = Document(Slice * 2);

        var packed = SnapshotPacking.Pack(body);

        Assert.That(packed, Has.Length.LessThan(body.Length / 3));
        Assert.That(SnapshotPacking.Unpack(packed), Is.EqualTo(body));
    }

    [Test]
    public void A_body_stored_before_packing_is_read_as_it_is()
    {
        var body = Document(1000);

        Assert.That(SnapshotPacking.Unpack(body), Is.SameAs(body));
    }

    [Test]
    public void A_damaged_body_is_no_snapshot_rather_than_a_wrong_document()
    {
        var body = Document(Slice + 1000);
        var packed = SnapshotPacking.Pack(body);
        var header = 4 + 4 + (2 * 8);

        Assert.Multiple(() =>
        {
            Assert.That(SnapshotPacking.Unpack(packed[..^1]), Is.Null, "cut short");
            Assert.That(SnapshotPacking.Unpack(packed[..6]), Is.Null, "cut inside the header");
            Assert.That(SnapshotPacking.Unpack([.. packed, 0]), Is.Null, "a byte too many");
            Assert.That(SnapshotPacking.Unpack(Changed(packed, 4, count => count + 1)), Is.Null, "one slice more than stored");
            Assert.That(SnapshotPacking.Unpack(Changed(packed, 8, raw => raw - 1)), Is.Null, "a slice that inflates to more than its length");
            Assert.That(SnapshotPacking.Unpack(Changed(packed, 16, raw => raw + 1)), Is.Null, "a slice that inflates to less than its length");
            Assert.That(SnapshotPacking.Unpack(Changed(packed, 4, _ => -1)), Is.Null, "a negative count");
            var garbled = (byte[])packed.Clone();
            garbled.AsSpan(header + 10, 64).Fill(0xFF);
            Assert.That(SnapshotPacking.Unpack(garbled), Is.Null, "garbled deflate data");
        });
    }

    // JSON as repetitive as a benchmark document's accounts.
    private static byte[] Document(int length)
    {
        var text = new StringBuilder("{\n  \"accounts\": [");
        var random = new Random(7);
        while (text.Length < length)
        {
            text.Append(
                $"\n    {{\n      \"brand\": \"brand-{random.Next(30_000):D5}\",\n      \"network\": \"mastodon\",\n      \"impact\": {random.NextDouble():R},\n      \"engagement\": null\n    }},");
        }

        return Encoding.UTF8.GetBytes(text.ToString(0, length));
    }

    private static byte[] Changed(byte[] packed, int at, Func<int, int> change)
    {
        var copy = (byte[])packed.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(at), change(BinaryPrimitives.ReadInt32LittleEndian(copy.AsSpan(at))));
        return copy;
    }
}
