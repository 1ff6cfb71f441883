using System.Globalization;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Peer.Introspection;
using CMesh.Peer.Network;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Records;

/// <summary>
/// The peer's own measurements in results/&lt;run&gt;/peers/&lt;peer&gt;/: every local write, every first delivery
/// of another writer's update, every link event, every resync, each link's traffic per second, and each second's
/// availability and freshness. All times are microseconds since the Unix epoch on the host's
/// wall clock, which all containers of one host share.
/// Everything recorded is also handed to the peer's telemetry (metrics and live events), when it has one.
/// </summary>
public sealed class PeerRecords : IAsyncDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private readonly CsvAppendFile _writes;
    private readonly CsvAppendFile _deliveries;
    private readonly CsvAppendFile _links;
    private readonly CsvAppendFile _resync;
    private readonly CsvAppendFile _bandwidth;
    private readonly CsvAppendFile _availability;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flushing;
    private readonly PeerTelemetry? _telemetry;

    public PeerRecords(string directory, PeerTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        _writes = new CsvAppendFile(Path.Combine(directory, "writes.csv"), "seq,written_at_unix_us,payload_bytes");
        _deliveries = new CsvAppendFile(
            Path.Combine(directory, "deliveries.csv"),
            "writer,seq,written_at_unix_us,received_at_unix_us,hops,from_peer,via");
        _links = new CsvAppendFile(Path.Combine(directory, "links.csv"), "time_unix_us,event,remote_peer,direction,detail");
        _resync = new CsvAppendFile(
            Path.Combine(directory, "resync.csv"),
            "started_at_unix_us,completed_at_unix_us,duration_us,from_peer,trigger,mode,missing_updates,bytes_in");
        _bandwidth = new CsvAppendFile(
            Path.Combine(directory, "bandwidth.csv"),
            "time_unix_us,remote_peer,bytes_in,bytes_out,frames_in,frames_out,payload_bytes_in,payload_bytes_out,rtt_us,last_received_unix_us");
        _availability = new CsvAppendFile(
            Path.Combine(directory, "availability.csv"),
            "time_unix_us,state,local_write_ok,writers_expected,writers_fresh,worst_staleness_ms");
        _flushing = FlushPeriodicallyAsync(_stop.Token);
    }

    public string Directory { get; }

    private IEnumerable<CsvAppendFile> Files => [_writes, _deliveries, _links, _resync, _bandwidth, _availability];

    public void Write(Update update)
    {
        _writes.Append(string.Create(CultureInfo.InvariantCulture, $"{update.Sequence},{update.WrittenAtMicros},{update.Payload.Length}"));
        _telemetry?.Wrote();
    }

    /// <param name="via">flood (a new update passed hop by hop) or sync (anti-entropy after a link opened).</param>
    public void Delivery(Update update, long receivedAtMicros, string fromPeer, string via)
    {
        _deliveries.Append(string.Create(
            CultureInfo.InvariantCulture,
            $"{update.Writer},{update.Sequence},{update.WrittenAtMicros},{receivedAtMicros},{update.Hops},{fromPeer},{via}"));
        _telemetry?.Delivered(update, receivedAtMicros, fromPeer, via);
    }

    public void Resync(long startedAtMicros, long completedAtMicros, string fromPeer, string trigger, SyncMode mode, long missing, long bytesIn)
    {
        _resync.Append(string.Create(
            CultureInfo.InvariantCulture,
            $"{startedAtMicros},{completedAtMicros},{completedAtMicros - startedAtMicros},{fromPeer},{trigger},{mode.ToString().ToLowerInvariant()},{missing},{bytesIn}"));
        _telemetry?.Resynced(completedAtMicros - startedAtMicros, fromPeer, trigger, missing);
    }

    /// <summary>One link's traffic during the last second (counts, not rates), its last heartbeat round trip and when it last received anything.</summary>
    public void Bandwidth(long timeMicros, string remotePeer, LinkCounters second, long rttMicros, long lastReceivedMicros)
    {
        _bandwidth.Append(string.Create(
            CultureInfo.InvariantCulture,
            $"{timeMicros},{remotePeer},{second.BytesIn},{second.BytesOut},{second.FramesIn},{second.FramesOut},{second.PayloadIn},{second.PayloadOut},{rttMicros},{lastReceivedMicros}"));
        _telemetry?.LinkSecond(second, rttMicros);
    }

    public void Availability(long timeMicros, string state, bool localWriteOk, int writersExpected, int writersFresh, long worstStalenessMs) =>
        _availability.Append(string.Create(
            CultureInfo.InvariantCulture,
            $"{timeMicros},{state},{(localWriteOk ? 1 : 0)},{writersExpected},{writersFresh},{worstStalenessMs}"));

    public void LinkEvent(string eventName, string remotePeer, string direction, string detail = "")
    {
        _links.Append(string.Create(
            CultureInfo.InvariantCulture,
            $"{UnixTime.NowMicros()},{eventName},{remotePeer},{direction},\"{detail.Replace("\"", "\"\"")}\""));
        _telemetry?.LinkEvent(eventName, remotePeer, direction, detail);
    }

    public void Flush()
    {
        foreach (var file in Files)
        {
            file.Flush();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _flushing;
        foreach (var file in Files)
        {
            file.Flush();
            file.Dispose();
        }

        _stop.Dispose();
    }

    private async Task FlushPeriodicallyAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                Flush();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposal flushes one last time.
        }
    }
}
