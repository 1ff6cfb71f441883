using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace CMesh.Docker.Engine;

/// <summary>One frame of the engine's multiplexed stdout/stderr stream.</summary>
internal sealed record StreamFrame(LogStream Stream, byte[] Payload);

/// <summary>
/// Reads the stream the engine returns for logs and exec of a container without a TTY: frames of an 8-byte header
/// (stream type: 1 stdout, 2 stderr; 3 zero bytes; big-endian uint32 payload length) followed by the payload.
/// </summary>
internal static class MultiplexedStreamReader
{
    public static async IAsyncEnumerable<StreamFrame> ReadFramesAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        var header = new byte[8];
        while (await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct) == header.Length)
        {
            var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4))];
            await stream.ReadExactlyAsync(payload, ct);
            yield return new StreamFrame(header[0] == 2 ? LogStream.StdErr : LogStream.StdOut, payload);
        }
    }

    /// <summary>Text lines of each stream, whatever the framing; a last line without a newline is still returned.</summary>
    public static async IAsyncEnumerable<LogLine> ReadLinesAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        var stdout = new LineSplitter(LogStream.StdOut);
        var stderr = new LineSplitter(LogStream.StdErr);
        await foreach (var frame in ReadFramesAsync(stream, ct))
        {
            foreach (var line in (frame.Stream == LogStream.StdErr ? stderr : stdout).Add(frame.Payload))
                yield return line;
        }
        foreach (var line in stdout.Flush().Concat(stderr.Flush()))
            yield return line;
    }

    /// <summary>Keeps the partial line of one stream between frames; splitting bytes on '\n' never cuts a UTF-8 character.</summary>
    private sealed class LineSplitter(LogStream stream)
    {
        private byte[] pending = [];

        public List<LogLine> Add(byte[] payload)
        {
            byte[] bytes = pending.Length == 0 ? payload : [.. pending, .. payload];
            var lines = new List<LogLine>();
            int start = 0, newline;
            while ((newline = Array.IndexOf(bytes, (byte)'\n', start)) >= 0)
            {
                lines.Add(Line(bytes.AsSpan(start, newline - start)));
                start = newline + 1;
            }
            pending = bytes[start..];
            return lines;
        }

        public IEnumerable<LogLine> Flush() => pending.Length == 0 ? [] : [Line(pending)];

        private LogLine Line(ReadOnlySpan<byte> bytes) => new(stream, Encoding.UTF8.GetString(bytes).TrimEnd('\r'));
    }
}
