using CMesh.Common;
using CMesh.Common.Records;
using CMesh.Report.Output;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>
/// Reads each peer's bandwidth.csv (one row per open link per second, and a closing link's last partial interval),
/// counting only the seconds of the window, each row by the second it stands for. Bytes sent split into payload
/// and protocol overhead; payload received into useful (an update new to the receiver) and redundant (a duplicate).
/// </summary>
public sealed class BandwidthAnalysis(TimeBuckets buckets)
{
    private readonly RunWindow _window = buckets.Window;
    private readonly long[] _bytesOut = new long[buckets.Window.Seconds];
    private readonly long[] _payloadOut = new long[buckets.Window.Seconds];
    private readonly long[] _usefulIn = new long[buckets.Window.Seconds];
    private readonly long[] _duplicateIn = new long[buckets.Window.Seconds];
    private readonly int[] _openLinks = new int[buckets.Window.Seconds];
    private readonly List<LinkBandwidth> _links = [];
    private readonly Dictionary<string, double[]> _openLinksByPeer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PeerBandwidth> _byPeer = new(StringComparer.Ordinal);
    private bool _splitsPayload = true;

    public static string[] Columns =>
    [
        "time_unix_us", "second", "peer", "remote_peer", "bytes_in", "bytes_out", "payload_bytes_in", "payload_bytes_out", "overhead_bytes_out",
        "useful_payload_bytes_in", "duplicate_payload_bytes_in", "rtt_us", "closed",
    ];

    public static string[] OpenLinkColumns => ["time_unix_us", "second", "peer", "open_links"];

    /// <summary>Called with each file's header: whether it tells useful from duplicate payload.</summary>
    public void Header(IRecordFields header) => _splitsPayload &= BandwidthRecord.SplitsPayload(header);

    public void Read(string peer, IEnumerable<BandwidthRecord> rows, CsvTable output, CsvTable openLinksOutput)
    {
        var open = new int[_window.Seconds];
        var byLink = new Dictionary<string, double[]>(StringComparer.Ordinal);
        long bytesOut = 0, payloadOut = 0, bytesIn = 0, usefulIn = 0, duplicateIn = 0;
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            var second = _window.SecondCoveredBy(row.DueAtUs);
            if (second < 0)
            {
                continue;
            }

            output.Field(_window.StartUs + (second * RunWindow.Second)).Field(second).Field(peer).Field(row.RemotePeer).Field(row.BytesIn).Field(row.BytesOut)
                .Field(row.PayloadBytesIn).Field(row.PayloadBytesOut).Field(row.BytesOut - row.PayloadBytesOut)
                .Field(Math.Max(0, row.UsefulPayloadBytesIn)).Field(Math.Max(0, row.DuplicatePayloadBytesIn)).Field(row.RttUs).Field(row.Closed ? 1 : 0).EndRow();
            bytesOut += row.BytesOut;
            payloadOut += row.PayloadBytesOut;
            bytesIn += row.BytesIn;
            usefulIn += Math.Max(0, row.UsefulPayloadBytesIn);
            duplicateIn += Math.Max(0, row.DuplicatePayloadBytesIn);
            open[second] += row.Closed ? 0 : 1;
            _bytesOut[second] += row.BytesOut;
            _payloadOut[second] += row.PayloadBytesOut;
            _usefulIn[second] += Math.Max(0, row.UsefulPayloadBytesIn);
            _duplicateIn[second] += Math.Max(0, row.DuplicatePayloadBytesIn);
            _openLinks[second] += row.Closed ? 0 : 1;
            if (!byLink.TryGetValue(row.RemotePeer, out var link))
            {
                byLink[row.RemotePeer] = link = new double[buckets.Count];
            }

            link[second / buckets.SecondsPerBucket] += row.BytesOut / (double)buckets.SecondsPerBucket;
        }

        if (!any)
        {
            return;
        }

        var openPerBucket = new double[buckets.Count];
        for (var second = 0; second < open.Length; second++)
        {
            openLinksOutput.Field(_window.StartUs + (second * RunWindow.Second)).Field(second).Field(peer).Field(open[second]).EndRow();
            openPerBucket[second / buckets.SecondsPerBucket] += open[second] / (double)buckets.SecondsPerBucket;
        }

        _openLinksByPeer[peer] = openPerBucket;
        _links.AddRange(byLink.OrderBy(l => l.Key, NaturalOrder.Instance).Select(l => new LinkBandwidth(peer, l.Key, l.Value)));
        _byPeer[peer] = new PeerBandwidth(bytesOut, payloadOut, bytesIn, usefulIn, duplicateIn);
    }

    public BandwidthFigures Finish() => new(
        Enumerable.Range(0, _bytesOut.Length).Select(s => new SecondBandwidth(s, _bytesOut[s], _payloadOut[s], _usefulIn[s], _duplicateIn[s], _openLinks[s])).ToList(),
        _links,
        _openLinksByPeer,
        _byPeer,
        _splitsPayload && _byPeer.Count > 0);
}
