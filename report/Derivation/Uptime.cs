using CMesh.Report.Timeline;

namespace CMesh.Report.Derivation;

/// <summary>
/// Availability, derived from writes alone: the window is cut into periods of max(1 s, the write interval) from the
/// workload's start, and a peer is available in a period when a write due in it was attempted and acknowledged (read
/// back). A peer that wrote nothing in a period (stopped, killed, paused, or its writes failing) was unavailable
/// then. A write is placed by when it was due, so a slow write still counts for its own period.
/// </summary>
public sealed class Uptime
{
    private readonly RunWindow _window;
    private readonly Dictionary<string, bool[]> _up = new(StringComparer.Ordinal);

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

    /// <summary>The period a time falls in, or -1 outside the measured periods.</summary>
    public int PeriodOf(long timeUs) =>
        timeUs < _window.StartUs || timeUs >= _window.StartUs + (Periods * PeriodUs) ? -1 : (int)((timeUs - _window.StartUs) / PeriodUs);

    public long PeriodStartUs(int period) => _window.StartUs + (period * PeriodUs);

    public bool IsUp(string peer, int period) => period >= 0 && _up.TryGetValue(peer, out var up) && up[period];

    /// <summary>Up in some period that ends after the time: it was alive to receive what was written then.</summary>
    public bool UpAtOrAfter(string peer, long timeUs)
    {
        if (!_up.TryGetValue(peer, out var up))
        {
            return false;
        }

        var from = Math.Max(0, PeriodOf(timeUs) is var p and >= 0 ? p : timeUs < _window.StartUs ? 0 : Periods);
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
