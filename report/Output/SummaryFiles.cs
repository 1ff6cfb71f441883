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
        using var table = csv.Open("assertions.csv", "scenario", "assertion", "measured", "passed");
        foreach (var a in assertions)
        {
            table.Field(a.Scenario).Field(a.Name).Field(a.Measured).Field(a.Passed ? 1 : 0).EndRow();
        }
    }

    private static void WriteSummary(CsvFolder csv, RunFigures figures)
    {
        using var table = csv.Open("summary.csv", "metric", "scope", "name", "count", "mean_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms");
        void Row(string metric, string scope, string name, Distribution d)
        {
            table.Field(metric).Field(scope).Field(name).Field(d.Count);
            if (!d.HasSamples)
            {
                table.Empty().Empty().Empty().Empty().Empty().Empty().Empty().EndRow();
                return;
            }

            table.Field(d.Mean / 1000).Field(d.P50 / 1000.0).Field(d.P90 / 1000.0).Field(d.P95 / 1000.0).Field(d.P99 / 1000.0)
                .Field(d.P999 / 1000.0).Field(d.Max / 1000.0).EndRow();
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

        Row("resync", "overall", "all", figures.Resync.Overall);
        foreach (var peer in figures.Peers.Where(figures.Resync.ByPeer.ContainsKey))
        {
            Row("resync", "peer", peer, figures.Resync.ByPeer[peer]);
        }

        foreach (var (fault, d) in figures.Resync.ByFault)
        {
            Row("resync", "fault", fault, d);
        }
    }

    private static void WritePeers(CsvFolder csv, RunFigures figures)
    {
        using var table = csv.Open(
            "peers.csv", "peer", "written", "delivered", "expected", "delivered_pct", "availability_pct", "mean_fresh_pct", "seconds_up",
            "links_opened", "links_closed", "dials_failed", "bytes_out", "payload_bytes_out", "resync_episodes");
        foreach (var peer in figures.Peers)
        {
            table.Field(peer).Field(figures.Written.GetValueOrDefault(peer));
            if (figures.Latency.Delivered.TryGetValue(peer, out var delivered))
            {
                table.Field(delivered.Delivered).Field(delivered.Expected).Field(delivered.Percent);
            }
            else
            {
                table.Empty().Empty().Empty();
            }

            if (figures.Availability.ByPeer.TryGetValue(peer, out var availability))
            {
                table.Field(availability.Percent).Field(availability.MeanFreshPercent).Field(availability.SecondsUp);
            }
            else
            {
                table.Empty().Empty().Empty();
            }

            var links = figures.LinkEvents.GetValueOrDefault(peer) ?? new LinkEventCounts(0, 0, 0);
            var bandwidth = figures.Bandwidth.ByPeer.GetValueOrDefault(peer) ?? new PeerBandwidth(0, 0, 0);
            table.Field(links.Opened).Field(links.Closed).Field(links.DialsFailed).Field(bandwidth.BytesOut).Field(bandwidth.PayloadBytesOut)
                .Field(figures.Resync.ByPeer.GetValueOrDefault(peer)?.Count ?? 0).EndRow();
        }
    }

    private static void WriteHeatmap(CsvFolder csv, RunFigures figures)
    {
        using var table = csv.Open("heatmap.csv", "writer", "reader", "deliveries", "p99_ms");
        foreach (var cell in figures.Latency.Heatmap)
        {
            table.Field(cell.Writer).Field(cell.Reader).Field(cell.Deliveries).Field(cell.P99Us / 1000.0).EndRow();
        }
    }

    private static void WriteLatencyBands(CsvFolder csv, RunFigures figures)
    {
        using var table = csv.Open("latency_buckets.csv", "start_offset_s", "seconds", "count", "p50_ms", "p90_ms", "p99_ms", "max_ms");
        foreach (var band in figures.Latency.Bands)
        {
            table.Field(band.StartSeconds).Field(figures.Buckets.SecondsPerBucket).Field(band.Latency.Count);
            if (band.Latency.HasSamples)
            {
                table.Field(band.Latency.P50 / 1000.0).Field(band.Latency.P90 / 1000.0).Field(band.Latency.P99 / 1000.0).Field(band.Latency.Max / 1000.0).EndRow();
            }
            else
            {
                table.Empty().Empty().Empty().Empty().EndRow();
            }
        }
    }

    private static void WriteTimeline(CsvFolder csv, RunFigures figures)
    {
        using var table = csv.Open(
            "timeline.csv", "time_unix_us", "second", "peers_up", "peers_available", "mean_fresh_pct", "worst_staleness_ms", "open_links", "bytes_out", "payload_bytes_out");
        var seconds = figures.Window.Seconds;
        for (var s = 0; s < seconds; s++)
        {
            var a = figures.Availability.PerSecond[s];
            var b = figures.Bandwidth.PerSecond[s];
            table.Field(figures.Window.StartUs + (s * Timeline.RunWindow.Second)).Field(s).Field(a.PeersUp).Field(a.PeersAvailable);
            (double.IsNaN(a.MeanFreshPercent) ? table.Empty() : table.Field(a.MeanFreshPercent))
                .Field(a.WorstStalenessMs).Field(b.OpenLinks).Field(b.BytesOut).Field(b.PayloadBytesOut).EndRow();
        }
    }
}
