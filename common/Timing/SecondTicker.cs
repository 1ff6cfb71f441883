namespace CMesh.Common.Timing;

/// <summary>
/// Ticks on whole Unix seconds, the grid every sampler of a run shares (the workload starts on one), and says how
/// late each tick ran. A tick more than a second late (a paused or starved process) skips the grid points it missed
/// rather than catching up, so each sample stands for the second that ends at its due time; a timer that fires a
/// little early never makes a second tick for the same grid point.
/// </summary>
public sealed class SecondTicker(TimeProvider clock)
{
    public const long Second = 1_000_000;

    /// <param name="tick">Called with the grid point (Unix µs) and the moment it actually ran.</param>
    public async Task RunAsync(Action<long, long> tick, CancellationToken ct)
    {
        try
        {
            var previous = long.MinValue;
            while (true)
            {
                var now = Now();
                var due = Math.Max(NextGridPoint(now), previous + Second);
                await Task.Delay(TimeSpan.FromMicroseconds(Math.Max(0, due - now)), clock, ct);
                tick(due, Now());
                previous = due;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>The first whole Unix second after <paramref name="unixUs"/>.</summary>
    public static long NextGridPoint(long unixUs) => ((unixUs / Second) + 1) * Second;

    private long Now() => UnixTime.ToMicros(clock.GetUtcNow().UtcDateTime);
}
