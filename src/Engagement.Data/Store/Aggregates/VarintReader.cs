namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// Reads the LEB128 varints <see cref="MonthCodec"/> writes (BinaryWriter.Write7BitEncodedInt64),
/// straight from the blob: a report decodes some 100,000 of them per account batch, where a
/// BinaryReader over a MemoryStream costs several times the decoding itself.
/// </summary>
internal ref struct VarintReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public byte ReadByte() => _data[_position++];

    public long ReadInt64()
    {
        ulong result = 0;
        var shift = 0;
        byte b;
        do
        {
            b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        return (long)result;
    }

    public int ReadInt32() => checked((int)ReadInt64());
}
