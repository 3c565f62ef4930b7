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

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    public void A_body_in_segments_is_packed_in_the_slices_of_the_same_bytes_in_one_array(int seed)
    {
        // Cut at random points, with empty segments and segments that span slice boundaries.
        var body = Document((2 * Slice) + 12_345);
        var random = new Random(seed);
        var segments = new List<ReadOnlyMemory<byte>>();
        for (var at = 0; at < body.Length;)
        {
            var length = random.Next(4) switch
            {
                0 => 0,
                1 => random.Next(1, 100),
                2 => random.Next(1, Slice / 3),
                _ => random.Next(1, 2 * Slice),
            };
            length = Math.Min(length, body.Length - at);
            segments.Add(body.AsMemory(at, length));
            at += length;
        }

        var packed = SnapshotPacking.Pack(segments);

        // The deflated bytes may differ (they depend on how the input was handed over), the slices not.
        Assert.That(RawLengths(packed), Is.EqualTo(RawLengths(SnapshotPacking.Pack(body))).And.EqualTo(new[] { Slice, Slice, 12_345 }));
        Assert.That(SnapshotPacking.Unpack(packed), Is.EqualTo(body));
    }

    [Test]
    public void No_segments_pack_as_an_empty_body()
    {
        Assert.That(SnapshotPacking.Unpack(SnapshotPacking.Pack(new List<ReadOnlyMemory<byte>>())), Is.Empty);
        Assert.That(SnapshotPacking.Unpack(SnapshotPacking.Pack([ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty])), Is.Empty);
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

    /// <summary>JSON as repetitive as a benchmark document's accounts.</summary>
    internal static byte[] Document(int length)
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

    // The raw length of each slice, from the header.
    private static int[] RawLengths(byte[] packed) =>
        Enumerable.Range(0, BinaryPrimitives.ReadInt32LittleEndian(packed.AsSpan(4)))
            .Select(i => BinaryPrimitives.ReadInt32LittleEndian(packed.AsSpan(8 + (i * 8))))
            .ToArray();

    private static byte[] Changed(byte[] packed, int at, Func<int, int> change)
    {
        var copy = (byte[])packed.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(at), change(BinaryPrimitives.ReadInt32LittleEndian(copy.AsSpan(at))));
        return copy;
    }
}
