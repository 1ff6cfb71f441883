using CMesh.Cli.Running;
using CMesh.Common.Records;
using CMesh.Tests.Records;

namespace CMesh.Tests.Cli;

public sealed class UnansweredWritesTests : IDisposable
{
    private const long T0 = 1_800_000_000_000_000;
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private readonly string _run = Directory.CreateTempSubdirectory("cmesh-unanswered-").FullName;

    [Fact]
    public async Task An_engine_that_acknowledged_none_of_its_last_ten_writes_even_late_stopped_answering()
    {
        await PeerAsync("peer-1", acknowledged: 20, unanswered: 10, highestAcknowledged: 20);
        await PeerAsync("peer-2", acknowledged: 20, unanswered: 9, highestAcknowledged: 20);
        await PeerAsync("peer-3", acknowledged: 20, unanswered: 12, highestAcknowledged: 32);

        var lines = UnansweredWrites.Find(_run, "syncthing", OneSecond);

        Assert.Equal(["peer-1: engine syncthing stopped answering: it acknowledged none of its last 10 writes, from 08:00:20 UTC to the end of the run"], lines);
    }

    [Fact]
    public async Task An_engine_that_stalled_and_came_back_did_not_stop_answering()
    {
        await PeerAsync("peer-1", acknowledged: 5, unanswered: 30, highestAcknowledged: 5, thenAcknowledged: 3);

        Assert.Empty(UnansweredWrites.Find(_run, "automerge", OneSecond));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{ "peerId": "peer-1", "versionVector": { "peer-1": 30""")]
    public async Task Without_a_summary_that_can_be_read_no_late_ack_is_known(string? cutShort)
    {
        await PeerAsync("peer-1", acknowledged: 20, unanswered: 10, highestAcknowledged: null);
        if (cutShort is not null)
        {
            File.WriteAllText(Path.Combine(_run, "peers", "peer-1", PeerSummary.FileName), cutShort);
        }

        Assert.Single(UnansweredWrites.Find(_run, "syncthing", OneSecond));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(0.1, 100)]
    [InlineData(0.001, 10_000)]
    [InlineData(25, 2)]
    [InlineData(60, 2)]
    public void An_engine_stopped_answering_once_its_unanswered_writes_took_10_s_and_were_more_than_one(double intervalSeconds, int threshold)
    {
        Assert.Equal(threshold, UnansweredWrites.Threshold(TimeSpan.FromSeconds(intervalSeconds)));
    }

    [Fact]
    public async Task Writing_every_25_s_two_writes_never_acknowledged_are_an_engine_that_stopped_answering_and_one_is_not()
    {
        var every25s = TimeSpan.FromSeconds(25);
        await PeerAsync("peer-1", acknowledged: 5, unanswered: 2, highestAcknowledged: 5, every: every25s);
        await PeerAsync("peer-2", acknowledged: 5, unanswered: 1, highestAcknowledged: 5, every: every25s);

        var lines = UnansweredWrites.Find(_run, "syncthing", every25s);

        Assert.Equal(["peer-1: engine syncthing stopped answering: it acknowledged none of its last 2 writes, from 08:02:05 UTC to the end of the run"], lines);
    }

    [Fact]
    public async Task Writing_every_100_ms_ten_writes_never_acknowledged_are_too_short_a_silence_to_call()
    {
        var every100ms = TimeSpan.FromMilliseconds(100);
        await PeerAsync("peer-1", acknowledged: 200, unanswered: 10, highestAcknowledged: 200, every: every100ms);

        Assert.Empty(UnansweredWrites.Find(_run, "syncthing", every100ms));
    }

    public void Dispose() => Directory.Delete(_run, recursive: true);

    /// <param name="highestAcknowledged">Of its own writes, in its summary; null for a peer that left no summary.</param>
    private async Task PeerAsync(string peer, int acknowledged, int unanswered, long? highestAcknowledged, int thenAcknowledged = 0, TimeSpan? every = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_run, "peers", peer)).FullName;
        var acks = Enumerable.Repeat(true, acknowledged).Concat(Enumerable.Repeat(false, unanswered)).Concat(Enumerable.Repeat(true, thenAcknowledged)).ToList();
        using (var writes = new RecordFileWriter<WriteRecord>(folder))
        {
            for (var i = 0; i < acks.Count; i++)
            {
                var at = T0 + (i * (long)(every ?? OneSecond).TotalMicroseconds);
                writes.Append(new WriteRecord(peer, i + 1, at, at, i, 64, acks[i]));
            }
        }

        if (highestAcknowledged is { } highest)
        {
            await (StoppedPeer.Summary(peer) with { VersionVector = new Dictionary<string, long> { [peer] = highest } }).WriteAsync(folder);
        }
    }
}
