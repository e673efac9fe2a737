using System.Buffers.Binary;
using System.Text;

namespace FedBpt.Tests.Common;

/// <summary>One event of a TensorBoard event file, as the tests read it back.</summary>
public sealed record TbEvent(double WallTime, long Step, string? FileVersion, IReadOnlyList<TbValue> Values);

/// <summary>A summary value: a scalar (<see cref="Scalar"/>) or a text tensor (<see cref="Text"/>, plugin "text").</summary>
public sealed record TbValue(string Tag, float? Scalar, string? Text, string? Plugin);

/// <summary>
/// Reads event files strictly, written independently of the writer under test: TFRecord framing with both masked
/// CRC-32C checked (a table implementation of the Castagnoli polynomial), and the Event/Summary protobuf decoded
/// field by field. Anything malformed, including a cut-off tail, throws.
/// </summary>
public static class EventFileReader
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Every event of every event file in <paramref name="folder"/>, files in name order (as TensorBoard loads them).</summary>
    public static IReadOnlyList<TbEvent> ReadFolder(string folder) =>
        Directory.GetFiles(folder, "*tfevents*").Order(StringComparer.Ordinal).SelectMany(Read).ToArray();

    public static IReadOnlyList<TbEvent> Read(string path)
    {
        var file = File.ReadAllBytes(path);
        var events = new List<TbEvent>();
        int offset = 0;
        while (offset < file.Length)
        {
            if (file.Length - offset < 16) throw new InvalidDataException($"{path}: a record is cut off at byte {offset}.");
            var lengthBytes = file.AsSpan(offset, 8);
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8)) != Masked(Crc32C(lengthBytes)))
                throw new InvalidDataException($"{path}: length CRC mismatch at byte {offset}.");
            long length = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
            if (length < 0 || offset + 16 + length > file.Length) throw new InvalidDataException($"{path}: a record is cut off at byte {offset}.");
            var data = file.AsSpan(offset + 12, (int)length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 12 + (int)length)) != Masked(Crc32C(data)))
                throw new InvalidDataException($"{path}: data CRC mismatch at byte {offset}.");
            events.Add(ParseEvent(data.ToArray()));
            offset += 16 + (int)length;
        }
        return events;
    }

    /// <summary>The scalars of <paramref name="tag"/> as (step, value), in file order.</summary>
    public static (long Step, float Value)[] Scalars(this IEnumerable<TbEvent> events, string tag) =>
        events.SelectMany(e => e.Values.Where(v => v.Tag == tag && v.Scalar is not null).Select(v => (e.Step, v.Scalar!.Value))).ToArray();

    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint Masked(uint crc) => ((crc >> 15) | (crc << 17)) + 0xa282ead8u;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }

    private static TbEvent ParseEvent(byte[] data)
    {
        double wall = 0;
        long step = 0;
        string? version = null;
        var values = new List<TbValue>();
        foreach (var (field, value) in Fields(data))
        {
            switch (field)
            {
                case 1: wall = BitConverter.Int64BitsToDouble((long)value.Fixed); break;
                case 2: step = (long)value.Varint; break;
                case 3: version = Encoding.UTF8.GetString(value.Bytes!); break;
                case 5:
                    foreach (var (f, v) in Fields(value.Bytes!))
                        if (f == 1) values.Add(ParseValue(v.Bytes!));
                    break;
            }
        }
        return new TbEvent(wall, step, version, values);
    }

    private static TbValue ParseValue(byte[] data)
    {
        string tag = "";
        float? scalar = null;
        string? text = null, plugin = null;
        foreach (var (field, value) in Fields(data))
        {
            switch (field)
            {
                case 1: tag = Encoding.UTF8.GetString(value.Bytes!); break;
                case 2: scalar = BitConverter.Int32BitsToSingle((int)value.Fixed); break;
                case 8: // TensorProto: dtype 1, string_val 8
                    var tensor = Fields(value.Bytes!).ToArray();
                    if (tensor.Single(t => t.Field == 1).Value.Varint != 7) throw new InvalidDataException("text tensor is not DT_STRING");
                    text = Encoding.UTF8.GetString(tensor.Single(t => t.Field == 8).Value.Bytes!);
                    break;
                case 9: // SummaryMetadata.plugin_data(1).plugin_name(1)
                    var pluginData = Fields(value.Bytes!).Single(m => m.Field == 1).Value.Bytes!;
                    plugin = Encoding.UTF8.GetString(Fields(pluginData).Single(p => p.Field == 1).Value.Bytes!);
                    break;
            }
        }
        return new TbValue(tag, scalar, text, plugin);
    }

    private readonly record struct Field(ulong Varint, ulong Fixed, byte[]? Bytes);

    private static IEnumerable<(int Field, Field Value)> Fields(byte[] data)
    {
        int i = 0;
        while (i < data.Length)
        {
            ulong key = Varint(data, ref i);
            int field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0: yield return (field, new Field(Varint(data, ref i), 0, null)); break;
                case 1: yield return (field, new Field(0, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(i, 8)), null)); i += 8; break;
                case 2:
                    int n = (int)Varint(data, ref i);
                    yield return (field, new Field(0, 0, data.AsSpan(i, n).ToArray()));
                    i += n;
                    break;
                case 5: yield return (field, new Field(0, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(i, 4)), null)); i += 4; break;
                default: throw new InvalidDataException($"wire type {key & 7}");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int i)
    {
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[i++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
    }
}
