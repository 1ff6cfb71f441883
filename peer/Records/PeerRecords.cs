using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Peer.Introspection;
using CMesh.Peer.Network;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Records;

/// <summary>
/// The peer's raw observations in results/&lt;run&gt;/peers/&lt;peer&gt;/, one file per format of
/// <see cref="CMesh.Common.Records"/>: every local write, every first delivery of another writer's update, every
/// link event, every link catch-up, each link's traffic per second and the peer's own per-second sample. The report
/// derives every figure from these. Times are microseconds since the Unix epoch on the host's wall clock, which all
/// containers of one host share. Everything recorded is also handed to the peer's telemetry, when it has one.
/// </summary>
public sealed class PeerRecords : IAsyncDisposable
{
    /// <summary>A record reaches the disk at most this long after it was made (a killed peer loses no more).</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private readonly RecordFileWriter<WriteRecord> _writes;
    private readonly RecordFileWriter<DeliveryRecord> _deliveries;
    private readonly RecordFileWriter<LinkEventRecord> _links;
    private readonly RecordFileWriter<ReconnectRecord> _resync;
    private readonly RecordFileWriter<BandwidthRecord> _bandwidth;
    private readonly RecordFileWriter<SampleRecord> _samples;
    // Armed by the first record after a flush, so that an idle peer's flush timer does not wake it.
    private readonly ITimer _flushTimer;
    private int _flushArmed;
    private readonly PeerTelemetry? _telemetry;
    private readonly TimeProvider _clock;
    private readonly long _startedTimestamp;

    public PeerRecords(string directory, PeerTelemetry? telemetry = null, TimeProvider? clock = null)
    {
        _telemetry = telemetry;
        _clock = clock ?? TimeProvider.System;
        _startedTimestamp = _clock.GetTimestamp();
        Directory = directory;
        _writes = new(directory);
        _deliveries = new(directory);
        _links = new(directory);
        _resync = new(directory);
        _bandwidth = new(directory);
        _samples = new(directory);
        _flushTimer = _clock.CreateTimer(_ => FlushNow(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Directory { get; }

    /// <summary>Microseconds since this peer's records were opened, on the monotonic clock.</summary>
    public long MonotonicMicros => (long)_clock.GetElapsedTime(_startedTimestamp).TotalMicroseconds;

    private IEnumerable<IRecordFileWriter> Files => [_writes, _deliveries, _links, _resync, _bandwidth, _samples];

    /// <param name="acknowledged">The engine took the write and it reads back.</param>
    public void Write(Update update, long dueAtMicros, long monotonicMicros, bool acknowledged) =>
        Write(new WriteRecord(update.Writer, update.Sequence, dueAtMicros, update.WrittenAtMicros, monotonicMicros, update.Payload.Length, acknowledged));

    public void Write(WriteRecord write)
    {
        _writes.Append(write);
        FlushSoon();
        _telemetry?.Wrote();
    }

    /// <param name="via">flood (a new update passed hop by hop) or sync (anti-entropy after a link opened).</param>
    public void Delivery(Update update, long receivedAtMicros, string fromPeer, string via)
    {
        _deliveries.Append(new DeliveryRecord(update.Writer, update.Sequence, update.WrittenAtMicros, receivedAtMicros, update.Hops, fromPeer, via));
        FlushSoon();
        _telemetry?.Delivered(update, receivedAtMicros, fromPeer, via);
    }

    public void Resync(long startedAtMicros, long completedAtMicros, string fromPeer, string trigger, SyncMode mode, long missing, long bytesIn)
    {
        _resync.Append(new ReconnectRecord(
            startedAtMicros, completedAtMicros, completedAtMicros - startedAtMicros, fromPeer, trigger, mode.ToString().ToLowerInvariant(), missing, bytesIn));
        FlushSoon();
        _telemetry?.Resynced(completedAtMicros - startedAtMicros, fromPeer, trigger, missing);
    }

    /// <summary>
    /// One link's traffic since the previous sample (counts, not rates), its last heartbeat round trip and when it
    /// last received anything. It reaches the disk with the second's <see cref="Sample"/>, which follows it.
    /// </summary>
    public void Bandwidth(long dueMicros, long timeMicros, string remotePeer, LinkCounters second, long rttMicros, long lastReceivedMicros, bool closed)
    {
        _bandwidth.Append(new BandwidthRecord(
            dueMicros, timeMicros, remotePeer, second.BytesIn, second.BytesOut, second.FramesIn, second.FramesOut, second.PayloadIn, second.PayloadOut,
            second.UsefulPayloadIn, second.DuplicatePayloadIn, second.DuplicatesIn, rttMicros, lastReceivedMicros, closed));
        _telemetry?.LinkSecond(second, rttMicros);
    }

    /// <summary>
    /// The peer's own sample, the last record of its second: written at once with the second's traffic rows, so an
    /// idle peer's records need no timer to reach the disk.
    /// </summary>
    public void Sample(SampleRecord sample)
    {
        _samples.Append(sample);
        _bandwidth.Flush();
        _samples.Flush();
    }

    public void LinkEvent(string eventName, string remotePeer, string direction, string detail = "")
    {
        _links.Append(new LinkEventRecord(UnixTime.NowMicros(), eventName, remotePeer, direction, detail));
        FlushSoon();
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
        await _flushTimer.DisposeAsync();
        Flush();
        foreach (var file in Files)
        {
            file.Dispose();
        }
    }

    private void FlushSoon()
    {
        if (Interlocked.Exchange(ref _flushArmed, 1) == 0)
        {
            _flushTimer.Change(FlushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void FlushNow()
    {
        // Disarmed before flushing: a record made meanwhile arms the next flush rather than wait for a later one.
        Volatile.Write(ref _flushArmed, 0);
        Flush();
    }
}
