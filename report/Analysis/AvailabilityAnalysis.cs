using CMesh.Report.Derivation;
using CMesh.Report.Output;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>
/// Availability per peer and period (see <see cref="Uptime"/>), each unavailable period put down to the node fault
/// (stop, kill, pause, restart, churn) that targeted the peer then, where there was one.
/// </summary>
public static class AvailabilityAnalysis
{
    private static readonly string[] NodeFaults = ["pause", "kill", "stop", "restart", "churn"];

    public static string[] Columns => ["time_unix_us", "period", "offset_s", "peer", "available", "reason"];

    public static AvailabilityFigures Derive(IReadOnlyList<string> peers, Uptime uptime, IReadOnlyList<FaultInterval> faults, RunWindow window, CsvTable output)
    {
        var byPeer = new Dictionary<string, PeerAvailability>(StringComparer.Ordinal);
        var available = new int[uptime.Periods];
        foreach (var peer in peers)
        {
            var up = 0;
            var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var period = 0; period < uptime.Periods; period++)
            {
                var start = uptime.PeriodStartUs(period);
                output.Field(start).Field(period).Field(window.OffsetSeconds(start)).Field(peer);
                if (uptime.IsUp(peer, period))
                {
                    up++;
                    available[period]++;
                    output.Field(1).Empty().EndRow();
                    continue;
                }

                var reason = faults.FirstOrDefault(f => NodeFaults.Contains(f.Kind) && f.TargetNames.Contains(peer)
                    && f.StartUs < start + uptime.PeriodUs && Math.Max(f.EndUs, f.StartUs + 1) > start) is { } fault
                    ? $"{fault.Id} {fault.Kind}"
                    : uptime.IsRunning(peer, period) ? "running without an acknowledged write" : "not running";
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                output.Field(0).Field(reason).EndRow();
            }

            byPeer[peer] = new PeerAvailability(100.0 * up / uptime.Periods, up, uptime.Periods, reasons);
        }

        var perSecond = Enumerable.Range(0, window.Seconds)
            .Select(s => uptime.JudgedPeriodOf(window.StartUs + (s * RunWindow.Second)) is var p and >= 0 ? available[p] : 0)
            .ToList();
        return new AvailabilityFigures(uptime.PeriodUs, byPeer, perSecond);
    }
}
