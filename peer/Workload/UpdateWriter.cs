using CMesh.Common;

namespace CMesh.Peer.Workload;

/// <summary>
/// Writes one update with a random payload in every slot of the workload's schedule until its stop time or until
/// cancelled: slot k is due at start + offset + k × interval, where each peer draws its own offset within the first
/// interval (peers started at one instant would otherwise all write in the same millisecond and the mesh would
/// measure its own bursts); a random seeded the same way draws the same offset (see <see cref="WorkloadRandom"/>).
/// Each write records the slot it was due for. A process that wakes up past several slots (it was paused) writes
/// once, for the latest, and the slots it slept through have no write: it was not available then.
/// </summary>
/// <param name="write">Hands one write to the engine, with the slot it was due for (null: unscheduled).</param>
public sealed class UpdateWriter(Func<byte[], long?, CancellationToken, ValueTask> write, int payloadBytes, TimeSpan interval, TimeProvider clock, Random random)
{
    private readonly long _intervalUs = (long)interval.TotalMicroseconds;

    // Drawn before any payload, so that a seeded random gives the same offset whether or not a warm-up write came first.
    private readonly double _offsetShare = random.NextDouble();

    /// <summary>Waits for the workload's start, says it is running and writes until its stop or until cancelled.</summary>
    /// <param name="stopAt">The workload's end when the run has a duration: no slot due from then on is written,
    /// however long the peer takes to hear that the mesh is settling.</param>
    public async Task RunFromAsync(DateTimeOffset startAt, DateTimeOffset? stopAt, Action running, TextWriter log, string peerId, CancellationToken ct)
    {
        log.WriteLine($"{peerId}: workload starts at {startAt:HH:mm:ss.fff}");
        try
        {
            var wait = startAt - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, ct);
            }

            running();
            await RunAsync(startAt, stopAt, ct);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async Task RunAsync(DateTimeOffset startAt, DateTimeOffset? stopAt, CancellationToken ct)
    {
        var firstSlotUs = UnixTime.ToMicros(startAt.UtcDateTime) + (long)(_intervalUs * _offsetShare);
        var stopUs = stopAt is { } stop ? UnixTime.ToMicros(stop.UtcDateTime) : long.MaxValue;
        for (var slot = 0L; ; slot++)
        {
            var dueUs = firstSlotUs + (slot * _intervalUs);
            if (dueUs >= stopUs)
            {
                return;
            }

            var waitUs = dueUs - Now();
            if (waitUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(waitUs), clock, ct);
            }
            else
            {
                slot = Math.Max(slot, (Now() - firstSlotUs) / _intervalUs);
                dueUs = firstSlotUs + (slot * _intervalUs);
                if (dueUs >= stopUs)
                {
                    return;
                }
            }

            ct.ThrowIfCancellationRequested();
            await write(Payload(), dueUs, ct);
        }
    }

    /// <summary>
    /// One write before the workload starts, unmeasured, so that an engine's one-time costs (an adapter engine's first
    /// document or scan) are not in a measured update. The built-in peer makes none: every peer's warm-up reached every
    /// other peer while the mesh formed, which doubled the peers' CPU during bring-up (300 peers: 52.5 CPU-s against
    /// 25.6 s without, ready 72.6 s against 56.6 s), and its Native AOT build has no first-use cost worth hiding.
    /// </summary>
    public ValueTask WarmUpAsync(CancellationToken ct) => write(Payload(), null, ct);

    private byte[] Payload()
    {
        var payload = new byte[payloadBytes];
        random.NextBytes(payload);
        return payload;
    }

    private long Now() => UnixTime.ToMicros(clock.GetUtcNow().UtcDateTime);
}
