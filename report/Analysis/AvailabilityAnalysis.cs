using CMesh.Report.Input;
using CMesh.Report.Output;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>
/// Puts each peer's availability.csv rows on the run's seconds. A second with no row is a second the peer was not
/// running; it is written to the report's availability.csv too, with up = 0, so gaps are rows rather than holes.
/// </summary>
public sealed class AvailabilityAnalysis(RunWindow window)
{
    private readonly Dictionary<string, PeerAvailability> _byPeer = new(StringComparer.Ordinal);
    private readonly int[] _up = new int[window.Seconds];
    private readonly int[] _available = new int[window.Seconds];
    private readonly double[] _freshSum = new double[window.Seconds];
    private readonly long[] _worstStaleness = Enumerable.Repeat(-1L, window.Seconds).ToArray();

    public static string[] Columns => ["time_unix_us", "second", "peer", "up", "local_write_ok", "writers_expected", "writers_fresh", "fresh_pct", "worst_staleness_ms"];

    public void Read(string peer, IEnumerable<AvailabilityRow> rows, CsvTable output)
    {
        var seconds = new AvailabilityRow?[window.Seconds];
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            if (window.SecondOf(row.TimeUs) is var second and >= 0)
            {
                seconds[second] ??= row;
            }
        }

        if (!any)
        {
            return;
        }

        int up = 0, ok = 0;
        var freshSum = 0.0;
        for (var second = 0; second < seconds.Length; second++)
        {
            output.Field(window.StartUs + (second * RunWindow.Second)).Field(second).Field(peer);
            if (seconds[second] is not { } row)
            {
                output.Field(0).Field(0).Empty().Empty().Empty().Empty().EndRow();
                continue;
            }

            var fresh = row.WritersExpected == 0 ? 100 : 100.0 * row.WritersFresh / row.WritersExpected;
            output.Field(1).Field(row.LocalWriteOk ? 1 : 0).Field(row.WritersExpected).Field(row.WritersFresh).Field(fresh).Field(row.WorstStalenessMs).EndRow();
            up++;
            ok += row.LocalWriteOk ? 1 : 0;
            freshSum += fresh;
            _up[second]++;
            _available[second] += row.LocalWriteOk ? 1 : 0;
            _freshSum[second] += fresh;
            _worstStaleness[second] = Math.Max(_worstStaleness[second], row.WorstStalenessMs);
        }

        _byPeer[peer] = new PeerAvailability(100.0 * ok / seconds.Length, up == 0 ? 0 : freshSum / up, up, seconds.Length);
    }

    public AvailabilityFigures Finish() => new(
        _byPeer,
        Enumerable.Range(0, _up.Length)
            .Select(s => new SecondAvailability(s, _up[s], _available[s], _up[s] == 0 ? double.NaN : _freshSum[s] / _up[s], _worstStaleness[s]))
            .ToList());
}
