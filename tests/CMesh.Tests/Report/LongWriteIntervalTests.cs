using CMesh.Common.Records;
using CMesh.Report.Analysis;
using CMesh.Report.Derivation;
using CMesh.Report.Output;
using CMesh.Report.Timeline;

namespace CMesh.Tests.Report;

/// <summary>
/// Peers writing every 25 s over a window of 110 s: four whole periods and a tail of 10 s. peer-1 writes 7 s into
/// each interval, peer-2 12 s, peer-3 2 s (so its fifth write, at 102 s, falls in the tail); all acknowledged.
/// </summary>
public sealed class LongWriteIntervalTests : IDisposable
{
    private const long T0 = 1_800_000_000_000_000;
    private const long Second = 1_000_000;
    private const int IntervalMs = 25_000;
    private static readonly RunWindow Window = new(T0, T0 + (110 * Second), T0 + (110 * Second));
    private readonly string _folder = Directory.CreateTempSubdirectory("cmesh-long-interval-").FullName;
    private readonly Dictionary<string, WriterLog> _logs = new(StringComparer.Ordinal)
    {
        ["peer-1"] = Writing("peer-1", offsetSeconds: 7),
        ["peer-2"] = Writing("peer-2", offsetSeconds: 12),
        ["peer-3"] = Writing("peer-3", offsetSeconds: 2),
    };

    private readonly Uptime _uptime = new(Window, IntervalMs);

    public LongWriteIntervalTests()
    {
        foreach (var log in _logs.Values)
        {
            log.Seal(Window);
            _uptime.Add(log);
        }
    }

    [Fact]
    public void The_tail_after_the_last_whole_period_is_judged_by_that_period()
    {
        Assert.Equal((4, -1, 3, -1), (_uptime.Periods, _uptime.PeriodOf(T0 + (105 * Second)), _uptime.JudgedPeriodOf(T0 + (105 * Second)), _uptime.JudgedPeriodOf(Window.EndUs)));
        Assert.True(_uptime.UpAtOrAfter("peer-1", T0 + (105 * Second)));
    }

    [Fact]
    public void A_peer_sampled_in_the_tail_was_running_there_up_to_its_last_sample()
    {
        _uptime.AddSamples("peer-4", Enumerable.Range(100, 10).Select(s => T0 + (s * Second)));

        Assert.True(_uptime.RunningAfter("peer-4", T0 + (105 * Second)));
        Assert.False(_uptime.RunningAfter("peer-4", T0 + (109 * Second) + 1));
    }

    [Fact]
    public void The_seconds_of_the_tail_count_the_peers_available_in_the_last_whole_period_not_none()
    {
        var figures = AvailabilityAnalysis.Derive(["peer-1", "peer-2", "peer-3"], _uptime, [], Window, CsvTable.Discard);

        Assert.Equal(100, figures.ByPeer["peer-1"].Percent);
        Assert.All(figures.PeersAvailablePerSecond, available => Assert.Equal(3, available));
    }

    [Fact]
    public void A_reader_holding_every_update_is_fresh_every_second_though_the_last_write_is_up_to_25_s_old()
    {
        var freshness = new FreshnessAnalysis(Window, _uptime, 5 * Second);

        freshness.Read(Seeing("peer-2", everyWrite: true));
        var figures = freshness.Finish();

        Assert.Equal(100, figures.FreshPercent);
        Assert.Equal(Enumerable.Range(0, 110).Select(s => (s >= 2 ? 1L : 0) + (s >= 7 ? 1 : 0)), figures.PerSecond.Select(s => s.Samples));
        Assert.Equal(0, figures.Lag.Max);
    }

    [Fact]
    public void An_update_written_in_the_last_period_or_the_tail_that_never_arrived_is_missing_not_put_down_to_a_peer_down()
    {
        var accounting = new DeliveryAccounting(Window, _uptime, [], tailUs: 6 * Second);
        var path = Path.Combine(_folder, "missing.csv");

        using (var missing = CsvTable.Create(path, DeliveryAccounting.Columns))
        {
            accounting.Read(Seeing("peer-2", everyWrite: false), missing);
        }

        var rows = File.ReadAllLines(path).Skip(1).Select(line => line.Split(',')).Select(r => (r[0], r[1], r[4], r[5])).ToList();
        Assert.Equal([("peer-1", "5", "not-delivered", "1"), ("peer-3", "6", "not-delivered", "1")], rows);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A warm-up write (seq 1) before the window, then one every 25 s from the offset while in the window.</summary>
    private static WriterLog Writing(string peer, int offsetSeconds)
    {
        var log = new WriterLog(peer);
        log.Add(new WriteRecord(peer, 1, T0 - (2 * Second), T0 - (2 * Second), 0, 64, true));
        for (var slot = 0; offsetSeconds + (slot * 25) < 110; slot++)
        {
            var at = T0 + ((offsetSeconds + (slot * 25)) * Second);
            log.Add(new WriteRecord(peer, slot + 2, at, at + 1000, slot, 64, true));
        }

        return log;
    }

    /// <summary>
    /// The reader sees every measured update 100 ms after it was written; with <paramref name="everyWrite"/> false, all
    /// but peer-1's fourth write (seq 5, at 82 s) and peer-3's fifth (seq 6, at 102 s, in the tail).
    /// </summary>
    private ReaderSeen Seeing(string reader, bool everyWrite)
    {
        var seen = new ReaderSeen(_logs).StartReader(reader);
        foreach (var log in _logs.Values.Where(l => l.Writer != reader))
        {
            for (var i = 0; i < log.MeasuredCount; i++)
            {
                var seq = log.MeasuredSeqs[i];
                if (everyWrite || !((log.Writer == "peer-1" && seq == 5) || (log.Writer == "peer-3" && seq == 6)))
                {
                    seen.Saw(log.Writer, seq, log.MeasuredWrittenAt[i] + (Second / 10), out _);
                }
            }
        }

        return seen;
    }
}
