using System.Buffers.Binary;
using System.Text;
using CMesh.Docker.Engine;
using Docker.DotNet;

namespace CMesh.Tests.Docker;

public class MultiplexedLogLinesTests
{
    [Fact]
    public async Task A_line_split_across_frames_comes_out_whole()
    {
        var lines = await ReadLines(Frame(1, "hel"), Frame(1, "lo\nwor"), Frame(1, "ld\n"));

        Assert.Equal([new LogLine(LogStream.StdOut, "hello"), new LogLine(LogStream.StdOut, "world")], lines);
    }

    [Fact]
    public async Task Stdout_and_stderr_keep_their_own_partial_lines()
    {
        var lines = await ReadLines(Frame(1, "out-"), Frame(2, "err-"), Frame(1, "line\n"), Frame(2, "line\n"));

        Assert.Equal([new LogLine(LogStream.StdOut, "out-line"), new LogLine(LogStream.StdErr, "err-line")], lines);
    }

    [Fact]
    public async Task Trailing_text_without_a_newline_is_returned_at_the_end()
    {
        var lines = await ReadLines(Frame(1, "one\r\ntwo"), Frame(2, "oops"));

        Assert.Equal(
            [new LogLine(LogStream.StdOut, "one"), new LogLine(LogStream.StdOut, "two"), new LogLine(LogStream.StdErr, "oops")],
            lines);
    }

    [Fact]
    public async Task A_character_split_across_frames_is_decoded_whole()
    {
        var euro = Encoding.UTF8.GetBytes("€\n");

        var lines = await ReadLines(Frame(1, euro[..1]), Frame(1, euro[1..]));

        Assert.Equal([new LogLine(LogStream.StdOut, "€")], lines);
    }

    private static async Task<List<LogLine>> ReadLines(params byte[][] frames)
    {
        using var output = new MultiplexedStream(new MemoryStream(frames.SelectMany(f => f).ToArray()), multiplexed: true);
        return await MultiplexedLogLines.ReadAsync(output, CancellationToken.None).ToListAsync();
    }

    private static byte[] Frame(byte streamType, string text) => Frame(streamType, Encoding.UTF8.GetBytes(text));

    // The engine's framing for a container without a TTY: stream type, three zero bytes, big-endian payload length.
    private static byte[] Frame(byte streamType, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = streamType;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }
}
