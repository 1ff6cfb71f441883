using CMesh.Common.Records;
using CMesh.Report.Timeline;

namespace CMesh.Report.Derivation;

/// <summary>
/// The seconds of the window when the host, not the network, set the pace: the host was more than
/// <see cref="BusyPercent"/> % busy (coordinator/host.csv), or a sampler's tick (the coordinator's or any peer's) ran
/// more than <see cref="LateUs"/> late. Latency measured then includes this host's own scheduling.
/// </summary>
public sealed class HostSaturation(RunWindow window)
{
    public const double BusyPercent = 85;
    public const long LateUs = 50_000;

    private readonly double[] _busy = Enumerable.Repeat(double.NaN, window.Seconds).ToArray();
    private readonly long[] _hostLateness = new long[window.Seconds];
    private readonly long[] _peerLateness = new long[window.Seconds];
    private readonly Dictionary<string, PeerLoad> _peers = new(StringComparer.Ordinal);
    private bool _hostRecorded;
    private bool _peersRecorded;

    public static string[] Columns => ["time_unix_us", "second", "cpu_busy_pct", "host_tick_late_ms", "worst_peer_tick_late_ms", "saturated"];

    public void ReadHost(IEnumerable<HostSampleRecord> samples)
    {
        foreach (var sample in samples)
        {
            _hostRecorded = true;
            if (window.SecondCoveredBy(sample.DueAtUs) is var second and >= 0)
            {
                _busy[second] = sample.CpuBusyPercent;
                _hostLateness[second] = Math.Max(_hostLateness[second], sample.LatenessUs);
            }
        }
    }

    public void ReadPeer(string peer, IEnumerable<SampleRecord> samples)
    {
        SampleRecord? first = null, last = null;
        long worstLateness = 0, maxRss = 0, count = 0;
        foreach (var sample in samples)
        {
            _peersRecorded = true;
            if (window.SecondCoveredBy(sample.DueAtUs) is not (var second and >= 0))
            {
                continue;
            }

            _peerLateness[second] = Math.Max(_peerLateness[second], sample.LatenessUs);
            first ??= sample;
            last = sample;
            worstLateness = Math.Max(worstLateness, sample.LatenessUs);
            maxRss = Math.Max(maxRss, sample.RssBytes);
            count++;
        }

        if (first is { } f && last is { } l && l.TimeUs > f.TimeUs)
        {
            _peers[peer] = new PeerLoad(count, 100.0 * (l.CpuUs - f.CpuUs) / (l.TimeUs - f.TimeUs), maxRss, worstLateness,
                l.InterfaceTxBytes < 0 ? -1 : l.InterfaceTxBytes - f.InterfaceTxBytes, l.InterfaceRxBytes < 0 ? -1 : l.InterfaceRxBytes - f.InterfaceRxBytes);
        }
    }

    public SaturationFigures Finish()
    {
        var seconds = Enumerable.Range(0, window.Seconds).Select(s => new SecondLoad(
            s, _busy[s], _hostLateness[s], _peerLateness[s],
            _busy[s] > BusyPercent || _hostLateness[s] > LateUs || _peerLateness[s] > LateUs)).ToList();
        return new SaturationFigures(_hostRecorded, _peersRecorded, seconds, _peers);
    }
}

/// <param name="HostRecorded">coordinator/host.csv was there (runs before it was recorded have none).</param>
/// <param name="PeersRecorded">Some peer's samples.csv was there.</param>
public sealed record SaturationFigures(bool HostRecorded, bool PeersRecorded, IReadOnlyList<SecondLoad> PerSecond, IReadOnlyDictionary<string, PeerLoad> ByPeer)
{
    public bool Measured => HostRecorded || PeersRecorded;

    public int SaturatedSeconds => PerSecond.Count(s => s.Saturated);

    public string Warning => $"the host was saturated in {SaturatedSeconds} of {PerSecond.Count} s (CPU > {HostSaturation.BusyPercent:0} % or a sampler more than {HostSaturation.LateUs / 1000} ms late): latency in those seconds measures this host, not the network";
}

/// <param name="CpuBusyPercent">Host CPU busy share in the second; NaN when not sampled.</param>
public sealed record SecondLoad(int Second, double CpuBusyPercent, long HostLatenessUs, long WorstPeerLatenessUs, bool Saturated);

/// <param name="Samples">Its samples inside the window.</param>
/// <param name="CpuPercent">Its process's CPU over the window, % of one core.</param>
/// <param name="InterfaceTxBytes">Bytes sent on its data interface over the window (kernel count, TCP/IP included); -1 unreadable.</param>
public sealed record PeerLoad(long Samples, double CpuPercent, long MaxRssBytes, long WorstLatenessUs, long InterfaceTxBytes, long InterfaceRxBytes);
