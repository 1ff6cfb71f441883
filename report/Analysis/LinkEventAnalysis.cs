using CMesh.Common.Records;
using CMesh.Report.Output;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>Gathers every peer's links.csv into the report's links.csv and counts each peer's events.</summary>
public sealed class LinkEventAnalysis(RunWindow window)
{
    private readonly Dictionary<string, LinkEventCounts> _byPeer = new(StringComparer.Ordinal);

    public static string[] Columns => ["time_unix_us", "offset_s", "peer", "event", "remote_peer", "direction", "detail"];

    public void Read(string peer, IEnumerable<LinkEventRecord> rows, CsvTable output)
    {
        int opened = 0, closed = 0, failed = 0;
        foreach (var row in rows)
        {
            output.Field(row.TimeUs).Field(window.OffsetSeconds(row.TimeUs)).Field(peer).Field(row.Event).Field(row.RemotePeer)
                .Field(row.Direction).Field(row.Detail).EndRow();
            opened += row.Event == "open" ? 1 : 0;
            closed += row.Event == "close" ? 1 : 0;
            failed += row.Event == "dial-failed" ? 1 : 0;
        }

        _byPeer[peer] = new LinkEventCounts(opened, closed, failed);
    }

    public IReadOnlyDictionary<string, LinkEventCounts> Finish() => _byPeer;
}
