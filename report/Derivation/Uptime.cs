using CMesh.Report.Timeline;

namespace CMesh.Report.Derivation;

/// <summary>
/// Availability, derived from writes alone: the window is cut into periods of max(1 s, the write interval) from the
/// workload's start, and a peer is available in a period when a write due in it was attempted and acknowledged (read
/// back). A peer that wrote nothing in a period (stopped, killed, paused, or its writes failing) was unavailable
/// then. A write is placed by when it was due, so a slow write still counts for its own period.
/// Apart from that, a peer is <em>running</em> in a period when its agent took a sample in it (samples.csv): a peer
/// that runs while its engine acknowledges no write is unavailable, yet still there to receive updates, so what it
/// misses counts against its engine rather than being put down to the peer being gone.
/// The window's end seldom falls on a period's: its tail after the last whole period, shorter than a period, is
/// left out of availability (no write need have been due in it), and a time in it is judged by the last whole
/// period. With periods of a second the tail is under a second; writing every 25 s it may be 24 s.
/// </summary>
public sealed class Uptime
{
    private readonly RunWindow _window;
    private readonly Dictionary<string, bool[]> _up = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool[]> _sampled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastSampledUs = new(StringComparer.Ordinal);

    public Uptime(RunWindow window, int writeIntervalMs)
    {
        _window = window;
        PeriodUs = Math.Max(RunWindow.Second, writeIntervalMs * 1000L);
        Periods = (int)Math.Max(1, (window.EndUs - window.StartUs) / PeriodUs);
    }

    public long PeriodUs { get; }

    public int Periods { get; }

    public void Add(WriterLog log)
    {
        var up = new bool[Periods];
        foreach (var write in log.Writes)
        {
            if (write.Acknowledged && PeriodOf(write.DueAtUs) is var period and >= 0)
            {
                up[period] = true;
            }
        }

        _up[log.Writer] = up;
    }

    /// <summary>The times at which the peer's agent took its samples: it was running then.</summary>
    public void AddSamples(string peer, IEnumerable<long> sampleTimesUs)
    {
        var sampled = new bool[Periods];
        var last = long.MinValue;
        foreach (var time in sampleTimesUs)
        {
            if (PeriodOf(time) is var period and >= 0)
            {
                sampled[period] = true;
            }

            if (time >= _window.StartUs && time < _window.EndUs)
            {
                last = Math.Max(last, time);
            }
        }

        _sampled[peer] = sampled;
        _lastSampledUs[peer] = last;
    }

    /// <summary>The period a time falls in, or -1 outside the measured periods.</summary>
    public int PeriodOf(long timeUs) =>
        timeUs < _window.StartUs || timeUs >= _window.StartUs + (Periods * PeriodUs) ? -1 : (int)((timeUs - _window.StartUs) / PeriodUs);

    /// <summary>
    /// The period a time of the window is judged by: its own, or in the window's tail after the last whole period,
    /// the last whole period; -1 outside the window.
    /// </summary>
    public int JudgedPeriodOf(long timeUs) =>
        PeriodOf(timeUs) is var period and >= 0 ? period : timeUs >= _window.StartUs && timeUs < _window.EndUs ? Periods - 1 : -1;

    public long PeriodStartUs(int period) => _window.StartUs + (period * PeriodUs);

    public bool IsUp(string peer, int period) => period >= 0 && _up.TryGetValue(peer, out var up) && up[period];

    /// <summary>Available in the period, or running in it (sampled) although its writes were not acknowledged.</summary>
    public bool IsRunning(string peer, int period) =>
        IsUp(peer, period) || (period >= 0 && _sampled.TryGetValue(peer, out var sampled) && sampled[period]);

    /// <summary>
    /// Up in some period that ends after the time (see <see cref="UpAtOrAfter"/>), or sampled running at or after it
    /// within the window: it was there to receive what was written then.
    /// </summary>
    public bool RunningAfter(string peer, long timeUs) =>
        UpAtOrAfter(peer, timeUs) || (_lastSampledUs.TryGetValue(peer, out var last) && last >= timeUs);

    /// <summary>
    /// Up in some period that ends after the time, or for a time in the window's tail, in the last whole period: it
    /// was alive to receive what was written then.
    /// </summary>
    public bool UpAtOrAfter(string peer, long timeUs)
    {
        if (!_up.TryGetValue(peer, out var up))
        {
            return false;
        }

        var from = JudgedPeriodOf(timeUs) is var p and >= 0 ? p : timeUs < _window.StartUs ? 0 : Periods;
        for (var period = from; period < Periods; period++)
        {
            if (up[period])
            {
                return true;
            }
        }

        return false;
    }
}
