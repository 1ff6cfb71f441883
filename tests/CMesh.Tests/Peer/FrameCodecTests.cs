using CMesh.Peer.Network;
using CMesh.Peer.Sync;

namespace CMesh.Tests.Peer;

public sealed class FrameCodecTests
{
    public static TheoryData<Frame> Frames() =>
    [
        new HelloFrame("peer-1", "0123456789abcdef"),
        new RejectFrame("full"),
        new PingFrame(123456789),
        new PongFrame(-5),
    ];

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task Every_frame_reads_back_as_it_was_written(Frame frame)
    {
        using var stream = new MemoryStream();
        await FrameCodec.WriteAsync(stream, frame, CancellationToken.None);
        stream.Position = 0;

        Assert.Equal(frame, await FrameCodec.ReadAsync(stream, CancellationToken.None));
    }

    [Fact]
    public async Task An_update_reads_back_with_its_payload_and_hop_count()
    {
        var update = new Update("peer-7", 42, 1_795_290_374_070_404, 3, [1, 2, 3, 250]);
        using var stream = new MemoryStream();
        await FrameCodec.WriteAsync(stream, new UpdateFrame(update), CancellationToken.None);
        stream.Position = 0;

        var read = Assert.IsType<UpdateFrame>(await FrameCodec.ReadAsync(stream, CancellationToken.None)).Update;

        Assert.Equal((update.Writer, update.Sequence, update.WrittenAtMicros, update.Hops), (read.Writer, read.Sequence, read.WrittenAtMicros, read.Hops));
        Assert.Equal(update.Payload, read.Payload);
    }

    [Fact]
    public async Task A_stream_that_ends_between_frames_reads_as_null()
    {
        using var stream = new MemoryStream();

        Assert.Null(await FrameCodec.ReadAsync(stream, CancellationToken.None));
    }

    [Fact]
    public async Task A_frame_longer_than_the_limit_is_refused()
    {
        using var stream = new MemoryStream([0x7F, 0xFF, 0xFF, 0xFF, 1]);

        await Assert.ThrowsAsync<InvalidDataException>(() => FrameCodec.ReadAsync(stream, CancellationToken.None));
    }
}
