namespace CMesh.Common.Timing;

/// <summary>
/// Ticks once a second, at a fixed moment within each whole Unix second (<paramref name="offsetUs"/> after it), and
/// says how late each tick ran. A tick more than a second late (a paused or starved process) skips the points it
/// missed rather than catching up, so each sample stands for the second that ends at its due time; a timer that fires
/// a little early never makes a second tick for the same point.
/// </summary>
/// <remarks>
/// One periodic timer, put back on its point only when a tick finds it off by more than <see cref="Tolerance"/>
/// (after a stall): arming a timer each second would wake the runtime's timer thread once more a second, and
/// wake-ups are most of what an idle process costs.
/// </remarks>
/// <param name="offsetUs">Where in each second this ticker ticks (0 to just under a second): the whole second for the
/// coordinator, a moment of its own for each peer (<see cref="OffsetFor"/>).</param>
public sealed class SecondTicker(TimeProvider clock, long offsetUs = 0)
{
    public const long Second = 1_000_000;
    private const long Tolerance = 20_000;
    private static readonly TimeSpan OneSecond = TimeSpan.FromMicroseconds(Second);

    /// <param name="tick">Called with the moment it was due (Unix µs) and the moment it actually ran; never twice at
    /// once, and never after the returned task completes.</param>
    public async Task RunAsync(Action<long, long> tick, CancellationToken ct)
    {
        var due = NextPoint(Now());
        var busy = 0;
        ITimer? timer = null;
        timer = clock.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await using (timer)
        {
            timer.Change(Until(due), OneSecond);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, clock, ct);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        // The tick runs on the timer's own callback: waking another thread for it would cost as much as the timer.
        void Fire()
        {
            if (Interlocked.Exchange(ref busy, 1) == 1 || ct.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var now = Now();
                if (now < due - Tolerance)
                {
                    timer!.Change(Until(due), OneSecond);
                    return;
                }

                tick(due, now);
                var late = now - due > Tolerance;
                due = Math.Max(NextPoint(now), due + Second);
                if (late)
                {
                    timer!.Change(Until(due), OneSecond);
                }
            }
            finally
            {
                Volatile.Write(ref busy, 0);
            }
        }
    }

    /// <summary>
    /// A peer's moment within each second, from its id: the same in every run, whole milliseconds, spread evenly over
    /// the second across peers. Peers that all sampled, wrote their rows and flushed their journals on the whole
    /// second made a burst of every peer's work at once, and the updates crossing the mesh then waited for it (at 100
    /// peers, deliveries of updates written in the first 40 ms of a second took about twice as long as the others).
    /// </summary>
    public static long OffsetFor(string id) => StableHash.Of(id) % 1000 * 1000L;

    /// <summary>This ticker's first point after <paramref name="unixUs"/>.</summary>
    private long NextPoint(long unixUs) => ((((unixUs - offsetUs) / Second) + 1) * Second) + offsetUs;

    private TimeSpan Until(long unixUs) => TimeSpan.FromMicroseconds(Math.Max(1000, unixUs - Now()));

    private long Now() => UnixTime.ToMicros(clock.GetUtcNow().UtcDateTime);
}
