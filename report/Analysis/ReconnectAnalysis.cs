using CMesh.Common.Records;
using CMesh.Report.Output;
using CMesh.Report.Statistics;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>
/// The built-in engine's link catch-up episodes (peers' resync.csv), each put down to the fault it followed: a
/// secondary figure, from a link opening to holding what that neighbour held, not the resync after a heal.
/// </summary>
public sealed class ReconnectAnalysis(IReadOnlyList<FaultInterval> faults)
{
    public const string NoFault = "no fault";

    private readonly List<ReconnectEpisode> _episodes = [];

    public static string[] Columns =>
        ["peer", "started_at_unix_us", "completed_at_unix_us", "duration_us", "from_peer", "trigger", "mode", "missing_updates", "bytes_in", "fault_id"];

    public void Read(string peer, IEnumerable<ReconnectRecord> rows, CsvTable output)
    {
        foreach (var row in rows)
        {
            var fault = faults.LastOrDefault(f => f.StartUs <= row.StartedAtUs)?.Id;
            output.Field(peer).Field(row.StartedAtUs).Field(row.CompletedAtUs).Field(row.DurationUs).Field(row.FromPeer).Field(row.Trigger)
                .Field(row.Mode).Field(row.MissingUpdates).Field(row.BytesIn).Field(fault ?? "").EndRow();
            _episodes.Add(new ReconnectEpisode(peer, row, fault));
        }
    }

    public ReconnectFigures Finish()
    {
        var histogram = new LatencyHistogram();
        foreach (var episode in _episodes)
        {
            histogram.Add(episode.Row.DurationUs);
        }

        return new ReconnectFigures(_episodes, histogram.Summarize());
    }
}
