using CMesh.Common;
using CMesh.Report.Input;
using CMesh.Report.Output;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>
/// Reads each peer's bandwidth.csv (one row per open link per second), writing the report's bandwidth.csv and
/// open_links.csv; a peer's open links in a second are its rows in that second.
/// </summary>
public sealed class BandwidthAnalysis(TimeBuckets buckets)
{
    private readonly RunWindow _window = buckets.Window;
    private readonly long[] _bytesOut = new long[buckets.Window.Seconds];
    private readonly long[] _payloadOut = new long[buckets.Window.Seconds];
    private readonly int[] _openLinks = new int[buckets.Window.Seconds];
    private readonly List<LinkBandwidth> _links = [];
    private readonly Dictionary<string, double[]> _openLinksByPeer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PeerBandwidth> _byPeer = new(StringComparer.Ordinal);

    public static string[] Columns =>
        ["time_unix_us", "second", "peer", "remote_peer", "bytes_in", "bytes_out", "payload_bytes_in", "payload_bytes_out", "overhead_bytes_out", "rtt_us"];

    public static string[] OpenLinkColumns => ["time_unix_us", "second", "peer", "open_links"];

    public void Read(string peer, IEnumerable<BandwidthRow> rows, CsvTable output, CsvTable openLinksOutput)
    {
        var open = new int[_window.Seconds];
        var byLink = new Dictionary<string, double[]>(StringComparer.Ordinal);
        long bytesOut = 0, payloadOut = 0, bytesIn = 0;
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            bytesOut += row.BytesOut;
            payloadOut += row.PayloadBytesOut;
            bytesIn += row.BytesIn;
            var second = _window.SecondOf(row.TimeUs);
            if (second < 0)
            {
                continue;
            }

            output.Field(row.TimeUs).Field(second).Field(peer).Field(row.RemotePeer).Field(row.BytesIn).Field(row.BytesOut)
                .Field(row.PayloadBytesIn).Field(row.PayloadBytesOut).Field(row.BytesOut - row.PayloadBytesOut).Field(row.RttUs).EndRow();
            open[second]++;
            _bytesOut[second] += row.BytesOut;
            _payloadOut[second] += row.PayloadBytesOut;
            _openLinks[second]++;
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
        _byPeer[peer] = new PeerBandwidth(bytesOut, payloadOut, bytesIn);
    }

    public BandwidthFigures Finish() => new(
        Enumerable.Range(0, _bytesOut.Length).Select(s => new SecondBandwidth(s, _bytesOut[s], _payloadOut[s], _openLinks[s])).ToList(),
        _links,
        _openLinksByPeer,
        _byPeer);
}
