using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Network;

/// <summary>
/// The wire format: a 4-byte big-endian length, a 1-byte frame type, then the body. Strings are a 2-byte length
/// and UTF-8; numbers are big-endian, except in the update ranges of IHAVE, GRAFT and FETCH frames: there the count
/// of ranges, each range's first sequence and length, and an announcement's hops are unsigned LEB128 (7 bits a byte,
/// least significant first, the high bit set on every byte but the last), one byte each for most. Those frames are
/// most of lazy push's control traffic: an IHAVE of one update took 28 bytes with fixed-width numbers, 18 with
/// LEB128. Input that is not a whole, well-formed frame throws <see cref="FrameFormatException"/>.
/// </summary>
public static class FrameCodec
{
    public const int MaxFrameBytes = 1 << 20;

    /// <summary>The most ranges one IHAVE, GRAFT or FETCH carries: with peer ids as writers, far below <see cref="MaxFrameBytes"/>.</summary>
    public const int MaxRangesPerFrame = 1024;

    // LEB128 carries 7 bits a byte: a 16-bit number takes at most 3 bytes, a non-negative 64-bit one 9.
    private const int MaxVarUInt16Bytes = 3;
    private const int MaxVarInt64Bytes = 9;

    private enum FrameType : byte
    {
        Hello = 1,
        Reject = 2,
        Update = 3,
        Ping = 4,
        Summary = 6,
        PeerExchange = 7,
        IHave = 8,
        Graft = 9,
        Prune = 10,
        Fetch = 11,
    }

    /// <summary>Returns the encoded frame's length; <paramref name="buffer"/> must hold the encoded frame.</summary>
    public static int Encode(Frame frame, byte[] buffer)
    {
        var body = new SpanWriter(buffer.AsSpan(5));
        FrameType type;
        switch (frame)
        {
            case HelloFrame hello:
                type = FrameType.Hello;
                body.String(hello.PeerId);
                body.String(hello.SwarmId);
                break;
            case RejectFrame reject:
                type = FrameType.Reject;
                body.String(reject.Reason);
                break;
            case UpdateFrame { Update: var update } frameWithUpdate:
                type = FrameType.Update;
                body.String(update.Writer);
                body.Int64(update.Sequence);
                body.Int64(update.WrittenAtMicros);
                body.UInt16((ushort)update.Hops);
                body.UInt16((ushort)frameWithUpdate.Origin);
                body.Bytes(update.Payload);
                break;
            case SummaryFrame summary:
                type = FrameType.Summary;
                body.UInt16(summary.Periodic ? (ushort)1 : (ushort)0);
                body.UInt16((ushort)summary.Summary.Entries.Count);
                foreach (var (writer, watermark) in summary.Summary.Entries)
                {
                    body.String(writer);
                    body.Int64(watermark);
                }

                break;
            case PeerExchangeFrame exchange:
                type = FrameType.PeerExchange;
                body.UInt16((ushort)exchange.Peers.Count);
                foreach (var peer in exchange.Peers)
                {
                    body.String(peer.PeerId);
                    body.String(peer.Endpoint);
                }

                break;
            case IHaveFrame ihave:
                type = FrameType.IHave;
                body.VarUInt((ulong)ihave.Ranges.Count);
                foreach (var announced in ihave.Ranges)
                {
                    body.Range(announced.Range);
                    body.VarUInt((ulong)Math.Min(announced.Hops, AnnouncedRange.NoPath));
                }

                break;
            case GraftFrame graft:
                type = FrameType.Graft;
                body.Ranges(graft.Wanted);
                break;
            case FetchFrame fetch:
                type = FrameType.Fetch;
                body.Ranges(fetch.Wanted);
                break;
            case PruneFrame prune:
                type = FrameType.Prune;
                body.String(prune.Writer);
                break;
            case PingFrame ping:
                type = FrameType.Ping;
                body.Int64(ping.SentAtTicks);
                body.Int64(ping.EchoTicks);
                body.Int64(ping.HeldMicros);
                break;
            default:
                throw new ArgumentException($"no encoding for {frame.GetType().Name}", nameof(frame));
        }

        buffer[4] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)(body.Written + 1));
        return body.Written + 5;
    }

    /// <summary>An upper bound of the encoded size, to size buffers.</summary>
    public static int MaxEncodedSize(Frame frame) => frame switch
    {
        UpdateFrame { Update: var u } => 5 + 2 + Encoding.UTF8.GetMaxByteCount(u.Writer.Length) + 8 + 8 + 2 + 2 + 4 + u.Payload.Length,
        SummaryFrame s => 5 + 4 + s.Summary.Entries.Sum(e => 2 + Encoding.UTF8.GetMaxByteCount(e.Key.Length) + 8),
        PeerExchangeFrame x => 5 + 2 + x.Peers.Sum(p => 4 + Encoding.UTF8.GetMaxByteCount(p.PeerId.Length + p.Endpoint.Length)),
        HelloFrame h => 5 + 4 + Encoding.UTF8.GetMaxByteCount(h.PeerId.Length + h.SwarmId.Length),
        RejectFrame r => 5 + 2 + Encoding.UTF8.GetMaxByteCount(r.Reason.Length),
        IHaveFrame i => 5 + MaxRangesSize(i.Ranges.Select(a => a.Range)) + (MaxVarUInt16Bytes * i.Ranges.Count),
        GraftFrame g => 5 + MaxRangesSize(g.Wanted),
        FetchFrame f => 5 + MaxRangesSize(f.Wanted),
        PruneFrame p => 5 + 2 + Encoding.UTF8.GetMaxByteCount(p.Writer.Length),
        PingFrame => 5 + (3 * 8),
        _ => throw new ArgumentOutOfRangeException(nameof(frame), frame.GetType().Name, "no encoding"),
    };

    /// <summary>Reads one frame; null when the remote closed the stream cleanly between frames.</summary>
    public static async Task<Frame?> ReadAsync(Stream stream, CancellationToken ct) =>
        (await ReadSizedAsync(stream, ct))?.Frame;

    /// <summary>Writes one frame; returns its size on the wire.</summary>
    public static async Task<int> WriteAsync(Stream stream, Frame frame, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxEncodedSize(frame));
        try
        {
            var length = Encode(frame, buffer);
            await stream.WriteAsync(buffer.AsMemory(0, length), ct);
            return length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads one frame and its size on the wire; null when the remote closed the stream cleanly between frames.</summary>
    public static async Task<(Frame Frame, int Bytes)?> ReadSizedAsync(Stream stream, CancellationToken ct)
    {
        var header = new byte[4];
        var read = await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, ct);
        if (read == 0)
        {
            return null;
        }

        if (read < 4)
        {
            throw new FrameFormatException($"stream ended inside a frame header ({read} of 4 bytes)");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length is < 1 or > MaxFrameBytes)
        {
            throw new FrameFormatException($"frame length {length} out of range (1 to {MaxFrameBytes} bytes)");
        }

        var body = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var received = await stream.ReadAtLeastAsync(body.AsMemory(0, (int)length), (int)length, throwOnEndOfStream: false, ct);
            if (received < length)
            {
                throw new FrameFormatException($"stream ended inside a frame ({received} of {length} bytes)");
            }

            return (Decode(body.AsSpan(0, (int)length)), (int)length + 4);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>Decodes a frame's type byte and body, which must hold the frame exactly.</summary>
    public static Frame Decode(ReadOnlySpan<byte> typeAndBody)
    {
        if (typeAndBody.IsEmpty)
        {
            throw new FrameFormatException("empty frame: no type byte");
        }

        var type = (FrameType)typeAndBody[0];
        var body = new SpanReader(typeAndBody[1..], type);
        Frame frame = type switch
        {
            FrameType.Hello => new HelloFrame(body.String(), body.String()),
            FrameType.Reject => new RejectFrame(body.String()),
            FrameType.Update => DecodeUpdate(ref body),
            FrameType.Summary => DecodeSummary(ref body),
            FrameType.PeerExchange => DecodePeers(ref body),
            FrameType.IHave => new IHaveFrame(body.AnnouncedRanges()),
            FrameType.Graft => new GraftFrame(body.Ranges()),
            FrameType.Fetch => new FetchFrame(body.Ranges()),
            FrameType.Prune => new PruneFrame(body.String()),
            FrameType.Ping => new PingFrame(body.Int64(), body.Int64(), body.Int64()),
            _ => throw new FrameFormatException($"unknown frame type {(byte)type}"),
        };
        body.End();
        return frame;
    }

    private static int MaxRangesSize(IEnumerable<UpdateRange> ranges) =>
        MaxVarUInt16Bytes + ranges.Sum(r => 2 + Encoding.UTF8.GetMaxByteCount(r.Writer.Length) + MaxVarInt64Bytes + MaxVarUInt16Bytes);

    private static UpdateFrame DecodeUpdate(ref SpanReader body)
    {
        var (writer, sequence, writtenAt, hops, origin) = (body.String(), body.Int64(), body.Int64(), body.UInt16(), body.UInt16());
        if (!Enum.IsDefined((UpdateOrigin)origin))
        {
            throw new FrameFormatException($"Update frame: unknown origin {origin}");
        }

        return new UpdateFrame(new Update(writer, sequence, writtenAt, hops, body.Bytes()), (UpdateOrigin)origin);
    }

    private static SummaryFrame DecodeSummary(ref SpanReader body)
    {
        var periodic = body.UInt16() == 1;
        var count = body.UInt16();
        var entries = new Dictionary<string, long>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            entries[body.String()] = body.Int64();
        }

        return new SummaryFrame(new VersionVector(entries), periodic);
    }

    private static PeerExchangeFrame DecodePeers(ref SpanReader body)
    {
        var count = body.UInt16();
        var peers = new List<CMesh.Common.Contracts.PeerAddress>(count);
        for (var i = 0; i < count; i++)
        {
            peers.Add(new CMesh.Common.Contracts.PeerAddress(body.String(), body.String()));
        }

        return new PeerExchangeFrame(peers);
    }

    private ref struct SpanWriter(Span<byte> span)
    {
        private readonly Span<byte> _span = span;

        public int Written { get; private set; }

        public void String(string value)
        {
            var length = Encoding.UTF8.GetBytes(value, _span[(Written + 2)..]);
            BinaryPrimitives.WriteUInt16BigEndian(_span[Written..], (ushort)length);
            Written += 2 + length;
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64BigEndian(_span[Written..], value);
            Written += 8;
        }

        public void UInt16(ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_span[Written..], value);
            Written += 2;
        }

        public void Bytes(byte[] value)
        {
            BinaryPrimitives.WriteInt32BigEndian(_span[Written..], value.Length);
            value.CopyTo(_span[(Written + 4)..]);
            Written += 4 + value.Length;
        }

        public void VarUInt(ulong value)
        {
            for (; value >= 0x80; value >>= 7)
            {
                _span[Written++] = (byte)(value | 0x80);
            }

            _span[Written++] = (byte)value;
        }

        public void Ranges(IReadOnlyList<UpdateRange> ranges)
        {
            VarUInt((ulong)ranges.Count);
            foreach (var range in ranges)
            {
                Range(range);
            }
        }

        public void Range(UpdateRange range)
        {
            String(range.Writer);
            VarUInt((ulong)range.FirstSeq);
            VarUInt((ulong)range.Count);
        }
    }

    /// <summary>Reads a frame's body field by field; a field that runs past the end is a truncated frame.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> span, FrameType type)
    {
        private readonly ReadOnlySpan<byte> _span = span;
        private int _position;

        public string String()
        {
            var length = UInt16();
            return Encoding.UTF8.GetString(Take(length));
        }

        public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

        public int UInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public byte[] Bytes()
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(Take(4));
            if (length < 0)
            {
                throw new FrameFormatException($"{type} frame: negative payload length {length}");
            }

            return Take(length).ToArray();
        }

        /// <summary>At least one range, each of at least one update numbered from 1 on.</summary>
        public IReadOnlyList<UpdateRange> Ranges()
        {
            var count = RangeCount();
            var ranges = new List<UpdateRange>(count);
            for (var i = 0; i < count; i++)
            {
                ranges.Add(Range());
            }

            return ranges;
        }

        /// <summary>As <see cref="Ranges"/>, each with its hop count.</summary>
        public IReadOnlyList<AnnouncedRange> AnnouncedRanges()
        {
            var count = RangeCount();
            var ranges = new List<AnnouncedRange>(count);
            for (var i = 0; i < count; i++)
            {
                ranges.Add(new AnnouncedRange(Range(), (int)VarUInt(AnnouncedRange.NoPath, "hops")));
            }

            return ranges;
        }

        private int RangeCount()
        {
            var count = VarUInt(ushort.MaxValue, "range count");
            if (count is 0 or > MaxRangesPerFrame)
            {
                throw new FrameFormatException($"{type} frame: {count} ranges (1 to {MaxRangesPerFrame})");
            }

            return (int)count;
        }

        /// <summary>An unsigned LEB128 number no greater than <paramref name="max"/> (at most <see cref="long.MaxValue"/>).</summary>
        private ulong VarUInt(ulong max, string field)
        {
            var value = 0UL;
            for (var shift = 0; ; shift += 7)
            {
                var next = Take(1)[0];
                if (shift == 63 && next > 0)
                {
                    throw new FrameFormatException($"{type} frame: {field} runs past {max}");
                }

                value |= (ulong)(next & 0x7F) << shift;
                if (next < 0x80)
                {
                    break;
                }
            }

            if (value > max)
            {
                throw new FrameFormatException($"{type} frame: {field} {value} is more than {max}");
            }

            return value;
        }

        private UpdateRange Range()
        {
            var (writer, first, length) = (String(), (long)VarUInt(long.MaxValue, "first sequence"), (int)VarUInt(ushort.MaxValue, "range length"));
            if (first < 1 || length == 0 || first > long.MaxValue - length + 1)
            {
                throw new FrameFormatException($"{type} frame: range {writer} from {first}, {length} updates is not a range of sequences from 1 on");
            }

            return new UpdateRange(writer, first, length);
        }

        /// <summary>A frame holds its fields and nothing more.</summary>
        public readonly void End()
        {
            if (_position != _span.Length)
            {
                throw new FrameFormatException($"{type} frame: {_span.Length - _position} bytes left over after its fields");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _span.Length - _position)
            {
                throw new FrameFormatException($"{type} frame cut short: a field needs {count} bytes at offset {_position}, {_span.Length - _position} left");
            }

            var taken = _span.Slice(_position, count);
            _position += count;
            return taken;
        }
    }
}
