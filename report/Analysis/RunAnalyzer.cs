using CMesh.Common.Clocks;
using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Report.Derivation;
using CMesh.Report.Input;
using CMesh.Report.Output;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>
/// Reads a run's results once, file by file and row by row, into <see cref="RunFigures"/>, writing the per-record
/// CSV files of the report on the way. Small files (run.json, events, chaos, writes, host samples) are read first:
/// they set the window, the phases and what every delivery is counted against. Then each reader's files, one
/// reader at a time: its deliveries give latency, and with the writes, delivery accounting, freshness and resync.
/// Every record a member wrote comes through <see cref="MemberRecords"/>, on the CLI's clock (run.json's clocks);
/// chaos.csv and run.json are the CLI's own.
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
        var notDerivable = new List<string>();
        var run = RunInfo.Read(runDirectory, tally);
        var folder = RunFolder.Open(runDirectory, run.PlannedPeers);
        var clocks = new ClockCorrection(run.Clocks);
        var records = new MemberRecords(folder, clocks, tally);
        var coordinator = records.Read<CoordinatorEventRecord>(RunClocks.Coordinator).ToList();
        var chaosPath = folder.File(ChaosEvent.FileName);
        var chaos = File.Exists(chaosPath) ? CsvSource.Read<ChaosEvent>(chaosPath, ChaosEvent.FileName, tally).OrderBy(e => e.TimeUnixUs).ToList() : [];
        var scenarios = ScenarioCopies.Read(runDirectory, run.Scenario, tally);

        var logs = ReadWrites(folder, records, notDerivable);
        var writeTimes = logs.Values.Where(l => l.Writes.Count > 0).Select(l => (First: l.Writes.Min(w => w.WrittenAtUs), Last: l.Writes.Max(w => w.WrittenAtUs))).ToList();
        var window = RunWindow.From(run, coordinator, writeTimes.Count == 0 ? null : writeTimes.Min(t => t.First), writeTimes.Count == 0 ? null : writeTimes.Max(t => t.Last));
        foreach (var log in logs.Values)
        {
            log.Seal(window);
        }

        var buckets = TimeBuckets.For(window);
        var faults = FaultTimeline.Build(chaos, window);
        var phases = new PhaseTimeline(faults, window);
        WriteChaos(csv, chaos, faults, window);

        var uptime = new Uptime(window, run.Plan.WriteIntervalMs);
        foreach (var log in logs.Values)
        {
            uptime.Add(log);
        }

        var saturation = new HostSaturation(window);
        if (records.Exists<HostSampleRecord>(RunClocks.Coordinator))
        {
            saturation.ReadHost(records.Read<HostSampleRecord>(RunClocks.Coordinator));
        }

        var tailUs = (run.Plan.AntiEntropyIntervalMs * 1000L) + RunWindow.Second;
        var deliveries = new DeliveryAnalysis(window, phases, buckets);
        var accounting = new DeliveryAccounting(window, uptime, faults, tailUs);
        var freshness = new FreshnessAnalysis(window, uptime, run.Plan.FreshnessBoundMs * 1000L);
        var resync = new HealResync(faults, uptime);
        var reconnects = new ReconnectAnalysis(faults);
        var bandwidth = new BandwidthAnalysis(buckets);
        var links = new LinkEventAnalysis(window);
        using (var latencyCsv = csv.Open("latency.csv", DeliveryAnalysis.Columns))
        using (var missingCsv = csv.Open("missing.csv", DeliveryAccounting.Columns))
        using (var reconnectCsv = csv.Open("reconnects.csv", ReconnectAnalysis.Columns))
        using (var bandwidthCsv = csv.Open("bandwidth.csv", BandwidthAnalysis.Columns))
        using (var openLinksCsv = csv.Open("open_links.csv", BandwidthAnalysis.OpenLinkColumns))
        using (var linksCsv = csv.Open("links.csv", LinkEventAnalysis.Columns))
        {
            var readers = new ReaderSeen(logs);
            foreach (var peer in folder.Peers)
            {
                ct.ThrowIfCancellationRequested();
                IReadOnlyList<SampleRecord> samples = records.Exists<SampleRecord>(peer) ? records.Read<SampleRecord>(peer).ToList() : [];
                uptime.AddSamples(peer, samples.Select(s => s.TimeUs));
                saturation.ReadPeer(peer, samples);
                var seen = readers.StartReader(peer);
                deliveries.Read(peer, records.Read<DeliveryRecord>(peer), latencyCsv, seen);
                accounting.Read(seen, missingCsv);
                freshness.Read(seen);
                resync.Read(seen);
                if (run.EngineRecordsLinks)
                {
                    reconnects.Read(peer, records.Read<ReconnectRecord>(peer), reconnectCsv);
                    bandwidth.Read(peer, records.Read<BandwidthRecord>(peer, bandwidth.Header), bandwidthCsv, openLinksCsv);
                }

                links.Read(peer, records.Read<LinkEventRecord>(peer), linksCsv);
            }
        }

        AvailabilityFigures availability;
        using (var availabilityCsv = csv.Open("availability.csv", AvailabilityAnalysis.Columns))
        {
            availability = AvailabilityAnalysis.Derive(folder.Peers, uptime, faults, window, availabilityCsv);
        }

        var accounts = accounting.Finish();
        var bandwidthFigures = bandwidth.Finish();
        var saturationFigures = saturation.Finish();
        NoteWhatCannotBeDerived(notDerivable, saturationFigures, bandwidthFigures);
        if (clocks.Unplaced(folder.Peers.Append(RunClocks.Coordinator)) is { Count: > 0 } unplaced)
        {
            notDerivable.Add($"clock correction of {string.Join(", ", unplaced)}: run.json's {RunClocks.JsonName} place them on no measured node (their times are taken as they are)");
        }

        if (!run.EngineRecordsLinks)
        {
            notDerivable.Add($"link traffic and redundancy ({BandwidthRecord.FileName}) and per-link catch-ups ({ReconnectRecord.FileName}): engine {run.Engine} reports neither (its data-interface bytes are in {SampleRecord.FileName})");
        }

        return new RunFigures(
            run, window, buckets, folder.Peers, chaos, faults, scenarios,
            logs.ToDictionary(l => l.Key, l => (long)l.Value.MeasuredCount, StringComparer.Ordinal),
            logs.Values.Sum(l => l.BeforeWindow),
            deliveries.Finish(accounts.Values.Sum(a => a.Missing)),
            accounts,
            tailUs,
            availability,
            freshness.Finish(),
            resync.Finish(accounting.SeenByAnyReader),
            reconnects.Finish(),
            Convergence.Check(folder.Peers.Select(p => (p, PeerSummary.TryRead(folder.PeerFolder(p)))), coordinator.LastOrDefault(e => e.Event == "settle-ended").Detail),
            bandwidthFigures,
            saturationFigures,
            links.Finish(),
            notDerivable,
            tally,
            clocks);
    }

    private static Dictionary<string, WriterLog> ReadWrites(RunFolder folder, MemberRecords records, List<string> notDerivable)
    {
        var logs = new Dictionary<string, WriterLog>(StringComparer.Ordinal);
        var acknowledged = true;
        foreach (var peer in folder.Peers)
        {
            var log = logs[peer] = new WriterLog(peer);
            foreach (var write in records.Read<WriteRecord>(peer, header => acknowledged &= header.Column("ack") >= 0))
            {
                log.Add(write with { Writer = peer });
            }
        }

        if (!acknowledged)
        {
            notDerivable.Add("write acknowledgement (writes.csv has no ack or due time: every write is taken as acknowledged, in the period it was written)");
        }

        return logs;
    }

    private static void NoteWhatCannotBeDerived(List<string> notDerivable, SaturationFigures saturation, BandwidthFigures bandwidth)
    {
        if (!saturation.HostRecorded)
        {
            notDerivable.Add($"host saturation (no {HostSampleRecord.RelativePath})");
        }

        if (!saturation.PeersRecorded)
        {
            notDerivable.Add($"sampler lateness, per-peer CPU, memory and interface bytes (no peers/*/{SampleRecord.FileName})");
        }

        if (!bandwidth.SplitsPayload && bandwidth.ByPeer.Count > 0)
        {
            notDerivable.Add($"useful vs redundant payload ({BandwidthRecord.FileName} has no duplicate_payload_bytes_in)");
        }
    }

    private static void WriteChaos(CsvFolder csv, IReadOnlyList<ChaosEvent> chaos, IReadOnlyList<FaultInterval> faults, RunWindow window)
    {
        using (var events = csv.Open("chaos.csv", "time_unix_us", "offset_s", "event", "fault_id", "kind", "targets", "parameters", "mechanism", "detail"))
        {
            foreach (var e in chaos)
            {
                events.Field(e.TimeUnixUs).Field(window.OffsetSeconds(e.TimeUnixUs)).Field(e.Event).Field(e.FaultId).Field(e.Kind).Field(e.Targets)
                    .Field(e.Parameters).Field(e.Mechanism).Field(e.Detail).EndRow();
            }
        }

        using var intervals = csv.Open(
            "faults.csv", "fault_id", "kind", "targets", "parameters", "mechanism", "start_unix_us", "end_unix_us", "start_offset_s", "end_offset_s", "duration_s",
            "end_detail", "actions", "failures", "heal_began_unix_us");
        foreach (var f in faults)
        {
            intervals.Field(f.Id).Field(f.Kind).Field(f.Targets).Field(f.Parameters).Field(f.Mechanism).Field(f.StartUs).Field(f.EndUs)
                .Field(window.OffsetSeconds(f.StartUs)).Field(window.OffsetSeconds(f.EndUs)).Field((f.EndUs - f.StartUs) / (double)RunWindow.Second)
                .Field(f.EndDetail).Field(f.Actions.Count).Field(string.Join("; ", f.Failures.Select(x => x.Detail))).Field(f.HealUs).EndRow();
        }
    }
}
