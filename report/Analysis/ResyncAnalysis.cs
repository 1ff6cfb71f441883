using CMesh.Report.Input;
using CMesh.Report.Output;
using CMesh.Report.Statistics;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>Gathers every peer's resync.csv, each episode put down to the fault it followed.</summary>
public sealed class ResyncAnalysis(IReadOnlyList<FaultInterval> faults)
{
    public const string NoFault = "no fault";

    private readonly List<ResyncEpisode> _episodes = [];

    public static string[] Columns =>
        ["peer", "started_at_unix_us", "completed_at_unix_us", "duration_us", "from_peer", "trigger", "mode", "missing_updates", "bytes_in", "fault_id"];

    public void Read(string peer, IEnumerable<ResyncRow> rows, CsvTable output)
    {
        foreach (var row in rows)
        {
            var fault = faults.LastOrDefault(f => f.StartUs <= row.StartedAtUs)?.Id;
            output.Field(peer).Field(row.StartedAtUs).Field(row.CompletedAtUs).Field(row.DurationUs).Field(row.FromPeer).Field(row.Trigger)
                .Field(row.Mode).Field(row.MissingUpdates).Field(row.BytesIn).Field(fault ?? "").EndRow();
            _episodes.Add(new ResyncEpisode(peer, row, fault));
        }
    }

    public ResyncFigures Finish() => new(
        _episodes,
        Summarize(_episodes),
        _episodes.GroupBy(e => e.Peer).ToDictionary(g => g.Key, Summarize, StringComparer.Ordinal),
        _episodes.GroupBy(e => e.FaultId ?? NoFault).ToDictionary(g => g.Key, Summarize, StringComparer.Ordinal));

    private static Distribution Summarize(IEnumerable<ResyncEpisode> episodes)
    {
        var histogram = new LatencyHistogram();
        foreach (var episode in episodes)
        {
            histogram.Add(episode.Row.DurationUs);
        }

        return histogram.Summarize();
    }
}
