using CMesh.Report.Analysis;
using CMesh.Report.Assertions;
using CMesh.Report.Statistics;

namespace CMesh.Report.Output;

/// <summary>The report's CSV files of figures (as opposed to records): summary, peers, heatmap, time series, assertions.</summary>
public static class SummaryFiles
{
    public static void Write(CsvFolder csv, RunFigures figures, IReadOnlyList<AssertionResult> assertions)
    {
        WriteSummary(csv, figures);
        WritePeers(csv, figures);
        WriteHeatmap(csv, figures);
        WriteLatencyBands(csv, figures);
        WriteTimeline(csv, figures);
        WriteResync(csv, figures);
        WriteFigures(csv, figures);
        using var table = csv.Open("assertions.csv", "scenario", "assertion", "measured", "passed");
        foreach (var a in assertions)
        {
            table.Field(a.Scenario).Field(a.Name).Field(a.Measured).Field(a.Passed ? 1 : 0).EndRow();
        }
    }

    private static void WriteSummary(CsvFolder csv, RunFigures figures)
    {
        using var table = csv.Open(
            "summary.csv", "metric", "scope", "name", "count", "mean_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms", "clock_bound_ms");
        void Row(string metric, string scope, string name, Distribution d, bool betweenNodes = true)
        {
            table.Field(metric).Field(scope).Field(name).Field(d.Count);
            if (!d.HasSamples)
            {
                table.Empty().Empty().Empty().Empty().Empty().Empty().Empty();
            }
            else
            {
                table.Field(d.Mean / 1000);
                foreach (var (q, value) in new[] { (0.5, d.P50), (0.9, d.P90), (0.95, d.P95), (0.99, d.P99), (0.999, d.P999) })
                {
                    _ = d.Supports(q) ? table.Field(value / 1000.0) : table.Empty();
                }

                table.Field(d.Max / 1000.0);
            }

            _ = betweenNodes && figures.Clocks.ResidualBoundUs is { } bound ? table.Field(bound / 1000.0) : table.Empty();
            table.EndRow();
        }

        Row("message-latency", "overall", "all", figures.Latency.Overall);
        foreach (var peer in figures.Peers.Where(figures.Latency.ByReader.ContainsKey))
        {
            Row("message-latency", "peer", peer, figures.Latency.ByReader[peer]);
        }

        foreach (var phase in figures.Latency.ByPhase)
        {
            Row("message-latency", "phase", phase.Phase.Name, phase.Latency);
        }

        Row("resync-after-heal", "overall", "targeted peers", figures.Resync.Reached);
        foreach (var peer in figures.Peers.Where(p => figures.Resync.Targeted.Any(r => r.Peer == p)))
        {
            Row("resync-after-heal", "peer", peer, figures.Resync.ByPeer(peer));
        }

        foreach (var fault in figures.Faults.Where(f => figures.Resync.Targeted.Any(r => r.Fault == f)))
        {
            Row("resync-after-heal", "fault", fault.Id, figures.Resync.ByFault(fault.Id));
        }

        Row("freshness-lag", "overall", "all pairs", figures.Freshness.Lag);
        Row("link-catch-up", "overall", "reopened links", figures.Reconnects.Overall, betweenNodes: false);
    }

    private static void WritePeers(CsvFolder csv, RunFigures figures)
    {
        using var table = csv.Open(
            "peers.csv", "peer", "written", "delivered", "expected", "missing", "delivered_pct", "availability_pct", "periods_up", "fresh_pct",
            "resync_after_heal_ms", "links_opened", "links_closed", "dials_failed", "bytes_out", "payload_bytes_out", "useful_payload_bytes_in",
            "duplicate_payload_bytes_in", "cpu_pct", "max_rss_bytes", "worst_tick_late_ms", "iface_tx_bytes");
        foreach (var peer in figures.Peers)
        {
            table.Field(peer).Field(figures.Written.GetValueOrDefault(peer));
            _ = figures.Accounts.TryGetValue(peer, out var a)
                ? table.Field(a.Delivered).Field(a.Expected).Field(a.Missing).Field(a.Percent)
                : table.Empty().Empty().Empty().Empty();
            _ = figures.Availability.ByPeer.TryGetValue(peer, out var availability)
                ? table.Field(availability.Percent).Field(availability.PeriodsUp)
                : table.Empty().Empty();
            _ = figures.Freshness.ByReader.TryGetValue(peer, out var fresh) && !double.IsNaN(fresh.FreshPercent) ? table.Field(fresh.FreshPercent) : table.Empty();
            var resyncs = figures.Resync.Targeted.Where(r => r.Peer == peer).ToList();
            _ = resyncs.Count == 0 ? table.Empty() : table.Field(string.Join(" ", resyncs.Select(r => r.ResyncUs is { } us ? (us / 1000.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "not-reached")));
            var links = figures.LinkEvents.GetValueOrDefault(peer) ?? new LinkEventCounts(0, 0, 0);
            var bandwidth = figures.Bandwidth.ByPeer.GetValueOrDefault(peer) ?? new PeerBandwidth(0, 0, 0, 0, 0);
            table.Field(links.Opened).Field(links.Closed).Field(links.DialsFailed).Field(bandwidth.BytesOut).Field(bandwidth.PayloadBytesOut)
                .Field(bandwidth.UsefulPayloadBytesIn).Field(bandwidth.DuplicatePayloadBytesIn);
            _ = figures.Saturation.ByPeer.TryGetValue(peer, out var load)
                ? table.Field(load.CpuPercent).Field(load.MaxRssBytes).Field(load.WorstLatenessUs / 1000.0).Field(load.InterfaceTxBytes)
                : table.Empty().Empty().Empty().Empty();
            table.EndRow();
        }
    }

    private static void WriteHeatmap(CsvFolder csv, RunFigures figures)
    {
        using var table = csv.Open(
            "heatmap.csv", "writer", "reader", "deliveries", "p50_ms", "p90_ms", "max_ms", "fresh_seconds", "fresh_pct", "max_lag_ms", "clock_bound_ms");
        var fresh = figures.Freshness.Cells.ToDictionary(c => (c.Writer, c.Reader));
        foreach (var cell in figures.Latency.Heatmap)
        {
            var d = cell.Latency;
            table.Field(cell.Writer).Field(cell.Reader).Field(d.Count);
            _ = d.Supports(0.5) ? table.Field(d.P50 / 1000.0) : table.Empty();
            _ = d.Supports(0.9) ? table.Field(d.P90 / 1000.0) : table.Empty();
            _ = d.HasSamples ? table.Field(d.Max / 1000.0) : table.Empty();
            _ = fresh.TryGetValue((cell.Writer, cell.Reader), out var f) && f.Samples > 0
                ? table.Field(f.Samples).Field(f.FreshPercent).Field(f.MaxLagUs / 1000.0)
                : table.Empty().Empty().Empty();
            _ = figures.Clocks.PairBoundUs(cell.Writer, cell.Reader) is { } pair ? table.Field(pair / 1000.0) : table.Empty();
            table.EndRow();
        }
    }

    private static void WriteLatencyBands(CsvFolder csv, RunFigures figures)
    {
        using var table = csv.Open("latency_buckets.csv", "start_offset_s", "seconds", "count", "p50_ms", "p90_ms", "p99_ms", "max_ms", "clock_bound_ms");
        foreach (var band in figures.Latency.Bands)
        {
            table.Field(band.StartSeconds).Field(figures.Buckets.SecondsPerBucket).Field(band.Latency.Count);
            _ = band.Latency.HasSamples
                ? table.Field(band.Latency.P50 / 1000.0).Field(band.Latency.P90 / 1000.0).Field(band.Latency.P99 / 1000.0).Field(band.Latency.Max / 1000.0)
                : table.Empty().Empty().Empty().Empty();
            _ = figures.Clocks.ResidualBoundUs is { } bound ? table.Field(bound / 1000.0) : table.Empty();
            table.EndRow();
        }
    }

    private static void WriteTimeline(CsvFolder csv, RunFigures figures)
    {
        using var table = csv.Open(
            "timeline.csv", "time_unix_us", "second", "peers_available", "fresh_pct", "worst_lag_ms", "open_links", "bytes_out", "payload_bytes_out",
            "useful_payload_bytes_in", "duplicate_payload_bytes_in", "host_cpu_busy_pct", "worst_tick_late_ms", "saturated");
        for (var s = 0; s < figures.Window.Seconds; s++)
        {
            var fresh = figures.Freshness.PerSecond[s];
            var b = figures.Bandwidth.PerSecond[s];
            var load = figures.Saturation.PerSecond[s];
            table.Field(figures.Window.StartUs + (s * Timeline.RunWindow.Second)).Field(s).Field(figures.Availability.PeersAvailablePerSecond[s]);
            _ = double.IsNaN(fresh.FreshPercent) ? table.Empty().Empty() : table.Field(fresh.FreshPercent).Field(fresh.WorstLagUs / 1000.0);
            table.Field(b.OpenLinks).Field(b.BytesOut).Field(b.PayloadBytesOut).Field(b.UsefulPayloadBytesIn).Field(b.DuplicatePayloadBytesIn);
            _ = double.IsNaN(load.CpuBusyPercent) ? table.Empty() : table.Field(load.CpuBusyPercent);
            table.Field(Math.Max(load.HostLatenessUs, load.WorstPeerLatenessUs) / 1000.0).Field(load.Saturated ? 1 : 0).EndRow();
        }
    }

    private static void WriteResync(CsvFolder csv, RunFigures figures)
    {
        using (var table = csv.Open("resync.csv", "fault_id", "kind", "peer", "targeted", "healed_at_unix_us", "resync_ms"))
        {
            foreach (var r in figures.Resync.PeerResyncs)
            {
                table.Field(r.Fault.Id).Field(r.Fault.Kind).Field(r.Peer).Field(r.Targeted ? 1 : 0).Field(r.Fault.HealUs);
                _ = r.ResyncUs is { } us ? table.Field(us / 1000.0) : table.Field("not-reached");
                table.EndRow();
            }
        }

        using var convergence = csv.Open("convergence.csv", "fault_id", "kind", "healed_at_unix_us", "peers", "convergence_ms");
        foreach (var c in figures.Resync.Convergence)
        {
            convergence.Field(c.Fault.Id).Field(c.Fault.Kind).Field(c.Fault.HealUs).Field(c.Peers);
            _ = c.ConvergenceUs is { } us ? convergence.Field(us / 1000.0) : convergence.Field("not-reached");
            convergence.EndRow();
        }
    }

    private static void WriteFigures(CsvFolder csv, RunFigures figures)
    {
        using var table = csv.Open("figures.csv", "figure", "value", "how_taken");
        foreach (var h in Headline.Of(figures))
        {
            table.Field(h.Name).Field(h.Value).Field(h.HowTaken).EndRow();
        }

        foreach (var reason in figures.NotDerivable)
        {
            table.Field("not derivable").Field(reason).Field("").EndRow();
        }
    }
}
