using System.Buffers.Binary;
using System.Numerics;

namespace FedBpt.Engine.Tracking.TensorBoard;

/// <summary>
/// TFRecord framing of an event file: <c>uint64 length</c>, <c>uint32 masked_crc32c(length)</c>, the data,
/// <c>uint32 masked_crc32c(data)</c>, all little-endian.
/// </summary>
internal static class EventRecords
{
    public static byte[] Frame(ReadOnlySpan<byte> data)
    {
        var record = new byte[data.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(record, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), MaskedCrc(record.AsSpan(0, 8)));
        data.CopyTo(record.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12 + data.Length), MaskedCrc(data));
        return record;
    }

    /// <summary>
    /// The records of a file, up to the first one that is cut short or fails its checksum: a writer stopped in the
    /// middle of a record leaves such a tail, and TensorBoard ignores it the same way.
    /// </summary>
    public static IEnumerable<byte[]> Read(byte[] file)
    {
        int offset = 0;
        while (file.Length - offset >= 12)
        {
            var header = file.AsSpan(offset, 8);
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8)) != MaskedCrc(header)) yield break;
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (length > (ulong)(file.Length - offset - 16)) yield break;
            var data = file.AsSpan(offset + 12, (int)length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 12 + (int)length)) != MaskedCrc(data)) yield break;
            yield return data.ToArray();
            offset += 16 + (int)length;
        }
    }

    /// <summary>CRC-32C (Castagnoli), masked as TFRecord does so that a CRC of CRCs is not degenerate.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
