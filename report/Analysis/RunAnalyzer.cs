using CMesh.Report.Input;
using CMesh.Report.Output;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>
/// Reads a run's results once, file by file and row by row, into <see cref="RunFigures"/>, writing the per-record
/// CSV files of the report on the way. Small files (run.json, events, chaos, writes) are read first, as they set
/// the window and phases every larger file is placed on.
/// </summary>
public static class RunAnalyzer
{
    /// <exception cref="DirectoryNotFoundException">The run's folder does not exist.</exception>
    public static RunFigures Analyze(string runDirectory, CsvFolder csv, CancellationToken ct)
    {
        if (!Directory.Exists(runDirectory))
        {
            throw new DirectoryNotFoundException($"no results folder {runDirectory}");
        }

        var tally = new InputTally();
        var run = RunInfo.Read(runDirectory, tally);
        var folder = RunFolder.Open(runDirectory, run.PlannedPeers);
        var coordinator = CoordinatorEventRow.Read(folder.File(CoordinatorEventRow.RelativePath), CoordinatorEventRow.RelativePath, tally).ToList();
        var chaosPath = folder.File(ChaosEventRow.FileName);
        var chaos = File.Exists(chaosPath) ? ChaosEventRow.Read(chaosPath, ChaosEventRow.FileName, tally).OrderBy(e => e.TimeUs).ToList() : [];
        var scenarios = ScenarioCopies.Read(runDirectory, run.Scenario, tally);

        var written = new Dictionary<string, long>(StringComparer.Ordinal);
        long? firstWrite = null, lastWrite = null;
        foreach (var peer in folder.Peers)
        {
            var count = 0L;
            foreach (var write in WriteRow.Read(folder.PeerFile(peer, WriteRow.FileName), RunFolder.PeerFileName(peer, WriteRow.FileName), tally))
            {
                count = Math.Max(count + 1, write.Seq);
                firstWrite = Math.Min(firstWrite ?? long.MaxValue, write.WrittenAtUs);
                lastWrite = Math.Max(lastWrite ?? long.MinValue, write.WrittenAtUs);
            }

            written[peer] = count;
        }

        var window = RunWindow.From(run, coordinator, firstWrite, lastWrite);
        var buckets = TimeBuckets.For(window);
        var faults = FaultTimeline.Build(chaos, window);
        var phases = new PhaseTimeline(faults, window);
        WriteChaos(csv, chaos, faults, window);

        var deliveries = new DeliveryAnalysis(window, phases, buckets);
        var resync = new ResyncAnalysis(faults);
        var availability = new AvailabilityAnalysis(window);
        var bandwidth = new BandwidthAnalysis(buckets);
        var links = new LinkEventAnalysis(window);
        using (var latencyCsv = csv.Open("latency.csv", DeliveryAnalysis.Columns))
        using (var resyncCsv = csv.Open("resync.csv", ResyncAnalysis.Columns))
        using (var availabilityCsv = csv.Open("availability.csv", AvailabilityAnalysis.Columns))
        using (var bandwidthCsv = csv.Open("bandwidth.csv", BandwidthAnalysis.Columns))
        using (var openLinksCsv = csv.Open("open_links.csv", BandwidthAnalysis.OpenLinkColumns))
        using (var linksCsv = csv.Open("links.csv", LinkEventAnalysis.Columns))
        {
            foreach (var peer in folder.Peers)
            {
                ct.ThrowIfCancellationRequested();
                string Path(string file) => folder.PeerFile(peer, file);
                string Name(string file) => RunFolder.PeerFileName(peer, file);
                deliveries.Read(peer, DeliveryRow.Read(Path(DeliveryRow.FileName), Name(DeliveryRow.FileName), tally), latencyCsv);
                resync.Read(peer, ResyncRow.Read(Path(ResyncRow.FileName), Name(ResyncRow.FileName), tally), resyncCsv);
                availability.Read(peer, AvailabilityRow.Read(Path(AvailabilityRow.FileName), Name(AvailabilityRow.FileName), tally), availabilityCsv);
                bandwidth.Read(peer, BandwidthRow.Read(Path(BandwidthRow.FileName), Name(BandwidthRow.FileName), tally), bandwidthCsv, openLinksCsv);
                links.Read(peer, LinkEventRow.Read(Path(LinkEventRow.FileName), Name(LinkEventRow.FileName), tally), linksCsv);
            }
        }

        return new RunFigures(
            run, window, buckets, folder.Peers, chaos, faults, scenarios, written,
            deliveries.Finish(written), resync.Finish(), availability.Finish(), bandwidth.Finish(), links.Finish(), tally);
    }

    private static void WriteChaos(CsvFolder csv, IReadOnlyList<ChaosEventRow> chaos, IReadOnlyList<FaultInterval> faults, RunWindow window)
    {
        using (var events = csv.Open("chaos.csv", "time_unix_us", "offset_s", "event", "fault_id", "kind", "targets", "parameters", "mechanism", "detail"))
        {
            foreach (var e in chaos)
            {
                events.Field(e.TimeUs).Field(window.OffsetSeconds(e.TimeUs)).Field(e.Event).Field(e.FaultId).Field(e.Kind).Field(e.Targets)
                    .Field(e.Parameters).Field(e.Mechanism).Field(e.Detail).EndRow();
            }
        }

        using var intervals = csv.Open(
            "faults.csv", "fault_id", "kind", "targets", "parameters", "mechanism", "start_unix_us", "end_unix_us", "start_offset_s", "end_offset_s", "duration_s",
            "end_detail", "actions", "failures");
        foreach (var f in faults)
        {
            intervals.Field(f.Id).Field(f.Kind).Field(f.Targets).Field(f.Parameters).Field(f.Mechanism).Field(f.StartUs).Field(f.EndUs)
                .Field(window.OffsetSeconds(f.StartUs)).Field(window.OffsetSeconds(f.EndUs)).Field((f.EndUs - f.StartUs) / (double)RunWindow.Second)
                .Field(f.EndDetail).Field(f.Actions.Count).Field(string.Join("; ", f.Failures.Select(x => x.Detail))).EndRow();
        }
    }
}
