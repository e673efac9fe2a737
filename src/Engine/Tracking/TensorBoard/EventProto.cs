using System.Buffers.Binary;
using System.Text;

namespace FedBpt.Engine.Tracking.TensorBoard;

/// <summary>
/// The few protobuf messages an event file needs, encoded by hand (tensorflow/core/util/event.proto, summary.proto,
/// tensor.proto): <c>Event{wall_time=1 double, step=2 int64, file_version=3 string, summary=5}</c>,
/// <c>Summary{value=1}</c>, <c>Summary.Value{tag=1, simple_value=2 float, tensor=8, metadata=9}</c>.
/// </summary>
internal static class EventProto
{
    public static byte[] FileVersion(double wallTime)
    {
        var e = new ProtoBuffer();
        e.Double(1, wallTime);
        e.Bytes(3, Encoding.UTF8.GetBytes("brain.Event:2"));
        return e.ToArray();
    }

    public static byte[] Scalar(double wallTime, long step, string tag, float value)
    {
        var v = new ProtoBuffer();
        v.Bytes(1, Encoding.UTF8.GetBytes(tag));
        v.Float(2, value);
        return Event(wallTime, step, v);
    }

    /// <summary>
    /// A text summary as TensorBoard's text plugin reads it (and as PyTorch's <c>add_text</c> writes it): a DT_STRING
    /// tensor of shape [1], plugin "text", tag <c>&lt;tag&gt;/text_summary</c>.
    /// </summary>
    public static byte[] Text(double wallTime, long step, string tag, string markdown)
    {
        var plugin = new ProtoBuffer();
        plugin.Bytes(1, Encoding.UTF8.GetBytes("text"));
        var metadata = new ProtoBuffer();
        metadata.Message(1, plugin);

        var dim = new ProtoBuffer();
        dim.Varint(1, 1);
        var shape = new ProtoBuffer();
        shape.Message(2, dim);
        var tensor = new ProtoBuffer();
        tensor.Varint(1, 7); // DT_STRING
        tensor.Message(2, shape);
        tensor.Bytes(8, Encoding.UTF8.GetBytes(markdown));

        var v = new ProtoBuffer();
        v.Bytes(1, Encoding.UTF8.GetBytes(tag + "/text_summary"));
        v.Message(8, tensor);
        v.Message(9, metadata);
        return Event(wallTime, step, v);
    }

    /// <summary>The step of an encoded event (0 when absent, as protobuf defaults it).</summary>
    public static long StepOf(byte[] e)
    {
        int i = 0;
        while (i < e.Length)
        {
            ulong key = ReadVarint(e, ref i);
            int field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    ulong value = ReadVarint(e, ref i);
                    if (field == 2) return (long)value;
                    break;
                case 1: i += 8; break;
                case 2:
                    int length = (int)ReadVarint(e, ref i); // read before adding: `i += Read(ref i)` would add to the old i
                    i += length;
                    break;
                case 5: i += 4; break;
                default: throw new InvalidDataException($"Unexpected protobuf wire type {key & 7} in an event.");
            }
        }
        return 0;
    }

    private static byte[] Event(double wallTime, long step, ProtoBuffer value)
    {
        var summary = new ProtoBuffer();
        summary.Message(1, value);
        var e = new ProtoBuffer();
        e.Double(1, wallTime);
        e.Varint(2, (ulong)step);
        e.Message(5, summary);
        return e.ToArray();
    }

    private static ulong ReadVarint(byte[] data, ref int i)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[i++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("Malformed varint in an event.");
    }

    private sealed class ProtoBuffer
    {
        private readonly MemoryStream _bytes = new();

        public void Varint(int field, ulong value)
        {
            Key(field, 0);
            Raw(value);
        }

        public void Double(int field, double value)
        {
            Key(field, 1);
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(b, value);
            _bytes.Write(b);
        }

        public void Float(int field, float value)
        {
            Key(field, 5);
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(b, value);
            _bytes.Write(b);
        }

        public void Bytes(int field, ReadOnlySpan<byte> value)
        {
            Key(field, 2);
            Raw((ulong)value.Length);
            _bytes.Write(value);
        }

        public void Message(int field, ProtoBuffer message) => Bytes(field, message.ToArray());

        public byte[] ToArray() => _bytes.ToArray();

        private void Key(int field, int wireType) => Raw((ulong)(field << 3 | wireType));

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _bytes.WriteByte((byte)value);
        }
    }
}
