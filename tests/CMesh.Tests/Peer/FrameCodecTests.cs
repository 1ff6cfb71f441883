using CMesh.Common.Contracts;
using CMesh.Peer.Network;
using CMesh.Peer.Sync;

namespace CMesh.Tests.Peer;

public sealed class FrameCodecTests
{
    /// <summary>One of every frame type, with fields that make each byte of its encoding matter.</summary>
    private static readonly Frame[] Samples =
    [
        new HelloFrame("peer-1", "0123456789abcdef"),
        new RejectFrame("full"),
        new UpdateFrame(new Update("peer-7", 42, 1_795_290_374_070_404, 3, [1, 2, 3, 250]), UpdateOrigin.Resync),
        new SummaryFrame(new VersionVector(new Dictionary<string, long> { ["peer-1"] = 5, ["peer-é"] = long.MaxValue }), Periodic: true),
        new SummaryFrame(VersionVector.Empty, Periodic: true),
        new PeerExchangeFrame([new PeerAddress("peer-2", "10.1.0.2:7100"), new PeerAddress("peer-3", "10.1.0.3:7100")]),
        new IHaveFrame([new AnnouncedRange(new UpdateRange("peer-1", 7, 3), 2), new AnnouncedRange(new UpdateRange("peer-é", long.MaxValue, 1), AnnouncedRange.NoPath)]),
        new GraftFrame([new UpdateRange("peer-12", 1, ushort.MaxValue)]),
        new FetchFrame([new UpdateRange("peer-12", 3, 2), new UpdateRange("peer-é", 1, 1)]),
        new PruneFrame("peer-é"),
        new PingFrame(123456789, 0, 0),
        new PingFrame(123456789, -5, 1_000_000),
    ];

    public static TheoryData<Frame> Frames() => new(Samples);

    [Fact]
    public void The_samples_hold_every_frame_type_the_wire_carries()
    {
        var frameTypes = typeof(Frame).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Frame)) && !t.IsAbstract);

        Assert.Equal(frameTypes.Select(t => t.Name).Order(), Samples.Select(f => f.GetType().Name).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task Every_frame_type_reads_back_to_the_same_frame_and_the_same_bytes(Frame frame)
    {
        var written = await WrittenAsync(frame);

        using var stream = new MemoryStream(written);
        var (read, bytes) = (await FrameCodec.ReadSizedAsync(stream, CancellationToken.None))!.Value;

        Assert.Equal(frame.GetType(), read.GetType());
        Assert.Equal(written, await WrittenAsync(read));
        Assert.Equal(written.Length, bytes);
    }

    [Theory]
    [InlineData(UpdateOrigin.Push)]
    [InlineData(UpdateOrigin.Resync)]
    [InlineData(UpdateOrigin.Graft)]
    [InlineData(UpdateOrigin.Fetch)]
    public async Task An_update_reads_back_with_its_payload_hop_count_and_origin(UpdateOrigin origin)
    {
        var update = new Update("peer-7", 42, 1_795_290_374_070_404, 3, [1, 2, 3, 250]);
        using var stream = new MemoryStream(await WrittenAsync(new UpdateFrame(update, origin)));

        var read = Assert.IsType<UpdateFrame>(await FrameCodec.ReadAsync(stream, CancellationToken.None));

        Assert.Equal((update.Writer, update.Sequence, update.WrittenAtMicros, update.Hops, origin), (read.Update.Writer, read.Update.Sequence, read.Update.WrittenAtMicros, read.Update.Hops, read.Origin));
        Assert.Equal(update.Payload, read.Update.Payload);
        Assert.Equal(origin == UpdateOrigin.Resync, read.Resync);
    }

    [Fact]
    public async Task Announced_and_grafted_ranges_read_back_as_written_each_announced_one_with_its_hop_count()
    {
        UpdateRange[] ranges = [new("peer-1", 7, 3), new("peer-é", long.MaxValue, 1), new("peer-2", 1, ushort.MaxValue)];
        AnnouncedRange[] announced = [new(ranges[0], 1), new(ranges[1], 17), new(ranges[2], AnnouncedRange.NoPath)];

        var ihave = Assert.IsType<IHaveFrame>(await ReadBackAsync(new IHaveFrame(announced)));
        var graft = Assert.IsType<GraftFrame>(await ReadBackAsync(new GraftFrame(ranges)));

        Assert.Equal(announced, ihave.Ranges);
        Assert.Equal(ranges, graft.Wanted);
    }

    [Fact]
    public async Task A_hop_count_past_what_the_wire_carries_reads_back_as_no_known_path()
    {
        var range = new UpdateRange("w", 1, 1);

        var ihave = Assert.IsType<IHaveFrame>(await ReadBackAsync(new IHaveFrame([new AnnouncedRange(range, 70_000)])));

        Assert.Equal(new AnnouncedRange(range, AnnouncedRange.NoPath), Assert.Single(ihave.Ranges));
    }

    [Fact]
    public async Task An_announcement_of_one_update_takes_a_byte_for_each_of_its_numbers()
    {
        var ihave = new IHaveFrame([new AnnouncedRange(new UpdateRange("peer-10", 5, 1), 3)]);

        var written = await WrittenAsync(ihave);

        // Length, type, one range, the writer in a length and its bytes, first sequence, count, hops.
        Assert.Equal(4 + 1 + 1 + 2 + 7 + 1 + 1 + 1, written.Length);
        Assert.Equal(ihave.Ranges, Assert.IsType<IHaveFrame>(await ReadBackAsync(ihave)).Ranges);
    }

    public static TheoryData<string, byte[], string> OutOfRangeNumbers() => new()
    {
        { "a first sequence past 64 bits", [9, 1, 0, 1, (byte)'w', .. Enumerable.Repeat((byte)0xFF, 9), 1, 1], "Graft frame: first sequence runs past 9223372036854775807" },
        { "a range longer than 65535 updates", [11, 1, 0, 1, (byte)'w', 1, 0x80, 0x80, 0x04], "Fetch frame: range length 65536 is more than 65535" },
        { "hops past what the wire carries", [8, 1, 0, 1, (byte)'w', 1, 1, 0xF0, 0xA2, 0x04], "IHave frame: hops 70000 is more than 65535" },
    };

    [Theory]
    [MemberData(nameof(OutOfRangeNumbers))]
    public void A_range_number_out_of_its_range_is_refused_naming_it(string malformed, byte[] typeAndBody, string reason)
    {
        var error = Assert.Throws<FrameFormatException>(() => FrameCodec.Decode(typeAndBody));

        Assert.True(error.Message == reason, $"{malformed}: {error.Message}");
    }

    [Fact]
    public async Task A_prune_reads_back_naming_its_writer_in_a_length_and_the_UTF8_bytes()
    {
        var prune = new PruneFrame("peer-é");

        var read = Assert.IsType<PruneFrame>(await ReadBackAsync(prune));

        Assert.Equal(prune, read);
        Assert.Equal(5 + 2 + 7, (await WrittenAsync(prune)).Length);
    }

    [Fact]
    public async Task An_update_of_unknown_origin_is_refused_naming_it()
    {
        var typeAndBody = (await WrittenAsync(new UpdateFrame(new Update("w", 1, 2, 1, [9]))))[4..];
        var origin = 1 + 2 + 1 + 8 + 8 + 2;
        typeAndBody[origin + 1] = 4;

        var error = Assert.Throws<FrameFormatException>(() => FrameCodec.Decode(typeAndBody));

        Assert.Equal("Update frame: unknown origin 4", error.Message);
    }

    public static TheoryData<string, Frame> MalformedRanges() => new()
    {
        { "no range", new IHaveFrame([]) },
        { "a range of no update", new GraftFrame([new UpdateRange("w", 5, 0)]) },
        { "a range from sequence 0", new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 0, 2), 1)]) },
        { "a range past the last sequence", new GraftFrame([new UpdateRange("w", long.MaxValue, 2)]) },
        { "too many ranges", new IHaveFrame(Enumerable.Range(1, FrameCodec.MaxRangesPerFrame + 1).Select(i => new AnnouncedRange(new UpdateRange("w", i * 2, 1), 1)).ToList()) },
    };

    [Theory]
    [MemberData(nameof(MalformedRanges))]
    public async Task Announcements_and_grafts_that_name_no_proper_range_are_refused(string malformed, Frame frame)
    {
        var typeAndBody = (await WrittenAsync(frame))[4..];

        var error = Assert.Throws<FrameFormatException>(() => FrameCodec.Decode(typeAndBody));

        Assert.True(error.Message.Contains("range", StringComparison.Ordinal), $"{malformed}: {error.Message}");
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task Every_frame_cut_short_anywhere_in_its_body_is_refused_with_a_one_line_reason(Frame frame)
    {
        var typeAndBody = (await WrittenAsync(frame))[4..];

        for (var kept = 0; kept < typeAndBody.Length; kept++)
        {
            var error = Assert.Throws<FrameFormatException>(() => FrameCodec.Decode(typeAndBody.AsSpan(0, kept)));
            Assert.DoesNotContain('\n', error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task A_frame_with_bytes_left_over_after_its_fields_is_refused(Frame frame)
    {
        byte[] typeAndBody = [.. (await WrittenAsync(frame))[4..], 0];

        var error = Assert.Throws<FrameFormatException>(() => FrameCodec.Decode(typeAndBody));

        Assert.Contains("1 bytes left over", error.Message);
    }

    [Fact]
    public void An_unknown_frame_type_is_refused_naming_it()
    {
        var error = Assert.Throws<FrameFormatException>(() => FrameCodec.Decode([99, 0, 0]));

        Assert.Equal("unknown frame type 99", error.Message);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_frame_is_refused_saying_how_much_arrived()
    {
        var hello = await WrittenAsync(new HelloFrame("peer-1", "swarm"));
        using var stream = new MemoryStream(hello[..(hello.Length - 3)]);

        var error = await Assert.ThrowsAsync<FrameFormatException>(() => FrameCodec.ReadAsync(stream, CancellationToken.None));

        Assert.Equal($"stream ended inside a frame ({hello.Length - 7} of {hello.Length - 4} bytes)", error.Message);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_frame_header_is_refused()
    {
        using var stream = new MemoryStream([0, 0]);

        var error = await Assert.ThrowsAsync<FrameFormatException>(() => FrameCodec.ReadAsync(stream, CancellationToken.None));

        Assert.Equal("stream ended inside a frame header (2 of 4 bytes)", error.Message);
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

        var error = await Assert.ThrowsAsync<FrameFormatException>(() => FrameCodec.ReadAsync(stream, CancellationToken.None));

        Assert.StartsWith("frame length 2147483647 out of range", error.Message);
    }

    private static async Task<Frame?> ReadBackAsync(Frame frame)
    {
        using var stream = new MemoryStream(await WrittenAsync(frame));
        return await FrameCodec.ReadAsync(stream, CancellationToken.None);
    }

    private static async Task<byte[]> WrittenAsync(Frame frame)
    {
        using var stream = new MemoryStream();
        await FrameCodec.WriteAsync(stream, frame, CancellationToken.None);
        return stream.ToArray();
    }
}
