using System.Globalization;
using CMesh.Common;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Records;

/// <summary>
/// The peer's own measurements in results/&lt;run&gt;/peers/&lt;peer&gt;/: every local write, every first delivery
/// of another writer's update, and every link event. All times are microseconds since the Unix epoch on the host's
/// wall clock, which all containers of one host share.
/// </summary>
public sealed class PeerRecords : IAsyncDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private readonly CsvAppendFile _writes;
    private readonly CsvAppendFile _deliveries;
    private readonly CsvAppendFile _links;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flushing;

    public PeerRecords(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        _writes = new CsvAppendFile(Path.Combine(directory, "writes.csv"), "seq,written_at_unix_us,payload_bytes");
        _deliveries = new CsvAppendFile(
            Path.Combine(directory, "deliveries.csv"),
            "writer,seq,written_at_unix_us,received_at_unix_us,hops,from_peer");
        _links = new CsvAppendFile(Path.Combine(directory, "links.csv"), "time_unix_us,event,remote_peer,direction,detail");
        _flushing = FlushPeriodicallyAsync(_stop.Token);
    }

    public string Directory { get; }

    public void Write(Update update) =>
        _writes.Append(string.Create(CultureInfo.InvariantCulture, $"{update.Sequence},{update.WrittenAtMicros},{update.Payload.Length}"));

    public void Delivery(Update update, long receivedAtMicros, string fromPeer) =>
        _deliveries.Append(string.Create(
            CultureInfo.InvariantCulture,
            $"{update.Writer},{update.Sequence},{update.WrittenAtMicros},{receivedAtMicros},{update.Hops},{fromPeer}"));

    public void LinkEvent(string eventName, string remotePeer, string direction, string detail = "") =>
        _links.Append(string.Create(
            CultureInfo.InvariantCulture,
            $"{UnixTime.NowMicros()},{eventName},{remotePeer},{direction},\"{detail.Replace("\"", "\"\"")}\""));

    public void Flush()
    {
        _writes.Flush();
        _deliveries.Flush();
        _links.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _flushing;
        Flush();
        _writes.Dispose();
        _deliveries.Dispose();
        _links.Dispose();
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
