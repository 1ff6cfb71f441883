using CMesh.Common;
using CMesh.Report.Statistics;
using CMesh.Report.Timeline;

namespace CMesh.Report.Derivation;

/// <summary>
/// Freshness, derived from writes and deliveries: at the end t of each second of the window, a reader's lag behind a
/// writer is t minus when the writer wrote the oldest of its measured updates written before t that the reader did
/// not yet hold (0 when it held them all). A pair counts in a second only when the reader was running in it (a reader
/// whose engine stalled stays counted), the writer was up (available) and had begun writing; the reader is fresh for the writer while the lag is within the plan's bound.
/// </summary>
public sealed class FreshnessAnalysis(RunWindow window, Uptime uptime, long boundUs)
{
    private readonly LatencyHistogram _lags = new();
    private readonly List<FreshnessCell> _cells = [];
    private readonly Dictionary<string, (long Samples, long Fresh)> _byReader = new(StringComparer.Ordinal);
    private readonly long[] _samplesPerSecond = new long[window.Seconds];
    private readonly long[] _freshPerSecond = new long[window.Seconds];
    private readonly long[] _worstLagPerSecond = Enumerable.Repeat(-1L, window.Seconds).ToArray();
    private readonly long[] _oldest = new long[window.Seconds];
    private readonly int[] _nextOpen = new int[window.Seconds + 1];

    public long BoundUs => boundUs;

    public void Read(ReaderSeen seen)
    {
        long readerSamples = 0, readerFresh = 0;
        foreach (var (log, seenAt) in seen.Writers.OrderBy(w => w.Log.Writer, NaturalOrder.Instance))
        {
            OldestUnheldPerSecond(log, seenAt);
            long samples = 0, fresh = 0, worst = 0;
            for (var second = 0; second < window.Seconds; second++)
            {
                var end = window.StartUs + ((second + 1) * RunWindow.Second);
                var period = uptime.JudgedPeriodOf(end - 1);
                if (!uptime.IsRunning(seen.Reader, period) || !uptime.IsUp(log.Writer, period) || log.FirstMeasuredUs is not { } first || first >= end)
                {
                    continue;
                }

                var lag = _oldest[second] == long.MaxValue ? 0 : end - _oldest[second];
                var isFresh = lag <= boundUs;
                samples++;
                fresh += isFresh ? 1 : 0;
                worst = Math.Max(worst, lag);
                _lags.Add(lag);
                _samplesPerSecond[second]++;
                _freshPerSecond[second] += isFresh ? 1 : 0;
                _worstLagPerSecond[second] = Math.Max(_worstLagPerSecond[second], lag);
            }

            _cells.Add(new FreshnessCell(log.Writer, seen.Reader, samples, fresh, worst));
            readerSamples += samples;
            readerFresh += fresh;
        }

        _byReader[seen.Reader] = (readerSamples, readerFresh);
    }

    public FreshnessFigures Finish() => new(
        boundUs,
        _lags.Summarize(),
        _lags.Count == 0 ? 100 : 100.0 * _byReader.Values.Sum(r => r.Fresh) / _byReader.Values.Sum(r => r.Samples),
        _byReader.ToDictionary(r => r.Key, r => new ReaderFreshness(r.Value.Samples, r.Value.Samples == 0 ? double.NaN : 100.0 * r.Value.Fresh / r.Value.Samples)),
        _cells,
        Enumerable.Range(0, window.Seconds).Select(s => new SecondFreshness(
            s, _samplesPerSecond[s], _samplesPerSecond[s] == 0 ? double.NaN : 100.0 * _freshPerSecond[s] / _samplesPerSecond[s], _worstLagPerSecond[s])).ToList());

    /// <summary>
    /// For each second, when the oldest update outstanding at its end was written. Updates are taken in write order,
    /// so the first to cover a second is its oldest; seconds already set are skipped (union-find over the seconds).
    /// </summary>
    private void OldestUnheldPerSecond(WriterLog log, long[] seenAt)
    {
        Array.Fill(_oldest, long.MaxValue);
        for (var i = 0; i < _nextOpen.Length; i++)
        {
            _nextOpen[i] = i;
        }

        var written = log.MeasuredWrittenAt;
        for (var i = 0; i < written.Length; i++)
        {
            var from = (int)Math.Max(0, (written[i] - window.StartUs) / RunWindow.Second);
            var to = seenAt[i] == ReaderSeen.Never
                ? window.Seconds - 1
                : (int)Math.Min(window.Seconds - 1, CeilSeconds(seenAt[i] - window.StartUs) - 2);
            for (var second = Open(from); second <= to; second = Open(second + 1))
            {
                _oldest[second] = written[i];
                _nextOpen[second] = second + 1;
            }
        }
    }

    private int Open(int second)
    {
        var root = second;
        while (root < window.Seconds && _nextOpen[root] != root)
        {
            root = _nextOpen[root];
        }

        while (second != root && second < window.Seconds)
        {
            var next = _nextOpen[second];
            _nextOpen[second] = root;
            second = next;
        }

        return root;
    }

    private static long CeilSeconds(long us) => us <= 0 ? 0 : (us + RunWindow.Second - 1) / RunWindow.Second;
}
