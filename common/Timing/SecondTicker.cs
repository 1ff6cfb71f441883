namespace CMesh.Common.Timing;

/// <summary>
/// Ticks on whole Unix seconds, the grid every sampler of a run shares (the workload starts on one), and says how
/// late each tick ran. A tick more than a second late (a paused or starved process) skips the grid points it missed
/// rather than catching up, so each sample stands for the second that ends at its due time; a timer that fires a
/// little early never makes a second tick for the same grid point.
/// </summary>
/// <remarks>
/// One periodic timer, put back on the grid only when a tick finds it off by more than <see cref="Tolerance"/>
/// (after a stall): arming a timer each second would wake the runtime's timer thread once more a second, and
/// wake-ups are most of what an idle process costs.
/// </remarks>
public sealed class SecondTicker(TimeProvider clock)
{
    public const long Second = 1_000_000;
    private const long Tolerance = 20_000;
    private static readonly TimeSpan OneSecond = TimeSpan.FromMicroseconds(Second);

    /// <param name="tick">Called with the grid point (Unix µs) and the moment it actually ran; never twice at once, and
    /// never after the returned task completes.</param>
    public async Task RunAsync(Action<long, long> tick, CancellationToken ct)
    {
        var due = NextGridPoint(Now());
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
                due = Math.Max(NextGridPoint(now), due + Second);
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

    /// <summary>The first whole Unix second after <paramref name="unixUs"/>.</summary>
    public static long NextGridPoint(long unixUs) => ((unixUs / Second) + 1) * Second;

    private TimeSpan Until(long unixUs) => TimeSpan.FromMicroseconds(Math.Max(1000, unixUs - Now()));

    private long Now() => UnixTime.ToMicros(clock.GetUtcNow().UtcDateTime);
}
