using System.Globalization;
using System.Xml.Linq;
using CMesh.Common.Records;
using CMesh.Report;
using CMesh.Report.Plots;

namespace CMesh.Tests.Report;

public sealed class ReportBuilderTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-report-").FullName;
    private readonly SyntheticRun _run = new();

    [Fact]
    public async Task Latency_csv_has_one_row_per_delivery_of_a_measured_update_with_seen_minus_written()
    {
        var report = await BuildAsync();

        var rows = Csv(report, "latency.csv").Select(r => (r["reader"], r["writer"], long.Parse(r["seq"], CultureInfo.InvariantCulture), long.Parse(r["latency_us"], CultureInfo.InvariantCulture)));

        Assert.Equal(_run.ByReader.Select(d => (d.Reader, d.Delivery.Writer, d.Delivery.Seq, d.Delivery.LatencyUs)).Order(), rows.Order());
        Assert.Equal(6, report.Figures.Latency.UnmeasuredDeliveries);
        Assert.Equal(3, report.Figures.WarmUpWrites);
    }

    [Fact]
    public async Task The_summary_has_the_exact_count_and_quantiles_within_the_stated_error_and_counts_the_negative_latency()
    {
        var report = await BuildAsync();
        var latencies = _run.Deliveries.Select(d => Math.Max(0, d.LatencyUs)).ToList();

        var overall = Csv(report, "summary.csv").Single(r => r["metric"] == "message-latency" && r["scope"] == "overall");

        Assert.Equal(latencies.Count.ToString(CultureInfo.InvariantCulture), overall["count"]);
        Assert.Equal(latencies.Max() / 1000.0, Number(overall["max_ms"]), 3);
        foreach (var (column, q) in new[] { ("p50_ms", 0.5), ("p90_ms", 0.9), ("p99_ms", 0.99) })
        {
            var exact = SyntheticRun.Quantile(latencies, q) / 1000.0;
            Assert.InRange(Number(overall[column]), (exact * 0.9995) - 0.001, (exact * 1.0005) + 0.001);
        }

        Assert.Equal("", overall["p999_ms"]);
        Assert.Equal(1, report.Figures.Latency.Overall.Negative);
    }

    [Fact]
    public async Task Every_pair_is_delivered_or_missing_with_its_reason_and_the_tail_is_expected_only_if_delivered()
    {
        var report = await BuildAsync();

        var missing = Csv(report, "missing.csv").Select(r => (r["writer"], r["seq"], r["reader"], r["reason"], r["expected"])).Order().ToList();
        var peer3 = report.Figures.Accounts["peer-3"];

        Assert.Equal([("peer-1", "19", "peer-3", "run-ended", "0"), ("peer-1", "20", "peer-3", "run-ended", "0"), ("peer-1", "6", "peer-3", "not-delivered", "1")], missing);
        Assert.Equal((33L, 34L, 1L, 2L), (peer3.Delivered, peer3.Expected, peer3.Missing, peer3.ExcludedRunEnded));
        Assert.Equal((40L, 40L), (report.Figures.Accounts["peer-2"].Delivered, report.Figures.Accounts["peer-2"].Expected));
        Assert.Null(report.Figures.Latency.Effective.P999Us);
    }

    [Fact]
    public async Task A_writer_paused_for_4_s_is_unavailable_for_those_seconds_put_down_to_the_pause()
    {
        var report = await BuildAsync();

        var peer2 = Csv(report, "availability.csv").Where(r => r["peer"] == "peer-2").ToList();

        Assert.Equal(SyntheticRun.Seconds, peer2.Count);
        Assert.Equal([8, 9, 10, 11], peer2.Where(r => r["available"] == "0").Select(r => int.Parse(r["period"], CultureInfo.InvariantCulture)));
        Assert.All(peer2.Where(r => r["available"] == "0"), r => Assert.Equal("s1.1 pause", r["reason"]));
        Assert.Equal(80, report.Figures.Availability.ByPeer["peer-2"].Percent);
        Assert.Equal(100, report.Figures.Availability.ByPeer["peer-3"].Percent);
    }

    [Fact]
    public async Task A_reader_that_runs_while_its_engine_stalls_is_unavailable_yet_what_it_misses_counts_as_missing_and_it_stays_stale()
    {
        var run = new SyntheticRun(peer3StallsFrom: 8);
        var report = await ReportBuilder.BuildAsync(await run.WriteAsync(_results, "stalled"), CancellationToken.None);

        var stalled = Csv(report, "missing.csv").Where(r => r["reader"] == "peer-3" && r["reason"] == "reader-stalled").ToList();
        var peer3 = Csv(report, "availability.csv").Where(r => r["peer"] == "peer-3" && r["available"] == "0").ToList();

        Assert.Equal(["8", "9", "10", "11", "12", "13", "14"], stalled.Where(r => r["writer"] == "peer-1").Select(r => (long.Parse(r["seq"], CultureInfo.InvariantCulture) - 2).ToString(CultureInfo.InvariantCulture)));
        Assert.All(stalled, r => Assert.Equal("1", r["expected"]));
        Assert.DoesNotContain(Csv(report, "missing.csv"), r => r["reason"] == "reader-down");
        Assert.Equal(Csv(report, "missing.csv").Count(r => r["reader"] == "peer-3" && r["expected"] == "1"), report.Figures.Accounts["peer-3"].Missing);
        Assert.All(peer3, r => Assert.Equal("running without an acknowledged write", r["reason"]));
        Assert.Equal(12, peer3.Count);
        Assert.True(report.Figures.Freshness.Cells.Single(c => c is { Writer: "peer-1", Reader: "peer-3" }).MaxLagUs > 5 * SyntheticRun.Second);
    }

    [Fact]
    public async Task Freshness_is_the_lag_behind_the_oldest_update_not_held_and_a_down_writer_does_not_count()
    {
        var report = await BuildAsync();

        var cells = report.Figures.Freshness.Cells.ToDictionary(c => (c.Writer, c.Reader));

        Assert.Equal((20L, 9L, 15_950_000L), (cells[("peer-1", "peer-3")].Samples, cells[("peer-1", "peer-3")].Fresh, cells[("peer-1", "peer-3")].MaxLagUs));
        Assert.Equal((16L, 16L), (cells[("peer-2", "peer-3")].Samples, cells[("peer-2", "peer-3")].Fresh));
        Assert.Equal((16L, 15L, 5_950_000L), (cells[("peer-1", "peer-2")].Samples, cells[("peer-1", "peer-2")].Fresh, cells[("peer-1", "peer-2")].MaxLagUs));
        Assert.Equal(100.0 * 91 / 104, report.Figures.Freshness.FreshPercent, 6);
    }

    [Fact]
    public async Task Resync_after_a_heal_runs_from_the_moment_its_revert_began_to_catching_up_and_a_run_that_ends_first_is_not_reached()
    {
        var report = await BuildAsync();

        var resync = Csv(report, "resync.csv").Where(r => r["targeted"] == "1").Select(r => (r["fault_id"], r["peer"], r["resync_ms"])).ToList();
        var convergence = Csv(report, "convergence.csv").ToDictionary(r => r["fault_id"], r => r["convergence_ms"]);

        Assert.Equal([("s1.1", "peer-2", "3500"), ("a3", "peer-3", "not-reached")], resync);
        Assert.Equal("not-reached", convergence["s1.1"]);
        Assert.Equal(1, report.Figures.Resync.NotReached);
    }

    [Fact]
    public async Task The_seconds_the_host_was_saturated_are_counted_and_flagged_in_the_html_and_junit()
    {
        var report = await BuildAsync();

        var saturated = Csv(report, "timeline.csv").Where(r => r["saturated"] == "1").Select(r => int.Parse(r["second"], CultureInfo.InvariantCulture));

        Assert.Equal([5, 16, 17], saturated);
        Assert.Contains("measures this host, not the network", File.ReadAllText(report.HtmlPath));
        var suite = XDocument.Load(Path.Combine(report.Directory, "junit.xml")).Root!.Element("testsuite")!;
        Assert.Equal("3", suite.Element("properties")!.Elements("property").Single(p => p.Attribute("name")!.Value == "host-saturated-seconds").Attribute("value")!.Value);
        Assert.Contains("saturated in 3 of 20 s", suite.Element("system-err")!.Value);
    }

    [Fact]
    public async Task Final_states_are_compared_and_the_divergent_peer_is_named()
    {
        var report = await BuildAsync();

        Assert.Equal(["peer-3"], report.Figures.Convergence.Divergent.Select(d => d.Peer));
    }

    [Fact]
    public async Task A_peer_that_left_no_summary_or_one_cut_short_is_named_and_the_others_are_compared()
    {
        var directory = await _run.WriteAsync(_results);
        File.Delete(Path.Combine(directory, "peers", "peer-1", PeerSummary.FileName));
        File.WriteAllText(Path.Combine(directory, "peers", "peer-3", PeerSummary.FileName), """{ "peerId": "peer-3", "stateDigest": "dive""");

        var report = await ReportBuilder.BuildAsync(directory, CancellationToken.None);

        Assert.Equal(["peer-1", "peer-3"], report.Figures.Convergence.WithoutSummary);
        Assert.Equal((1, 1, 60L), (report.Figures.Convergence.Compared, report.Figures.Convergence.Converged, report.Figures.Convergence.Updates));
    }

    [Fact]
    public async Task A_fault_without_an_end_is_drawn_to_the_runs_stop()
    {
        var report = await BuildAsync();

        var fault = Csv(report, "faults.csv").Single(r => r["fault_id"] == "a2");

        Assert.Equal((SyntheticRun.T0 + (21 * SyntheticRun.Second)).ToString(CultureInfo.InvariantCulture), fault["end_unix_us"]);
    }

    [Fact]
    public async Task Assertions_are_each_passed_or_failed_with_the_measured_figure_and_written_as_junit()
    {
        var report = await BuildAsync();

        Assert.Equal(
            [("p99-resync < 5s", "not reached before the run ended", false), ("min-delivered >= 90%", "97.06%", true), ("min-availability >= 90%", "80%", false)],
            report.Assertions.Select(a => (a.Name, a.Measured, a.Passed)));
        Assert.False(report.Passed);
        var suite = XDocument.Load(Path.Combine(report.Directory, "junit.xml")).Root!.Element("testsuite")!;
        Assert.Equal("3", suite.Attribute("tests")!.Value);
        Assert.Equal(2, suite.Elements("testcase").Count(t => t.Element("failure") is not null));
    }

    [Fact]
    public async Task A_quantity_never_measured_fails_its_assertion()
    {
        var directory = await _run.WriteAsync(_results, "quiet", "  - p99-resync < 1s\n");
        File.WriteAllText(Path.Combine(directory, "chaos.csv"), "time_unix_us,event,fault_id,kind,targets,parameters,mechanism,detail\n");

        var report = await ReportBuilder.BuildAsync(directory, CancellationToken.None);

        var result = Assert.Single(report.Assertions);
        Assert.False(result.Passed);
        Assert.StartsWith("not measured", result.Measured);
    }

    [Fact]
    public async Task A_run_recorded_before_the_raw_records_says_what_it_cannot_derive_and_derives_the_rest()
    {
        var directory = await _run.WriteAsync(_results, "older");
        File.Delete(Path.Combine(directory, HostSampleRecord.RelativePath));
        foreach (var peer in SyntheticRun.Peers)
        {
            var folder = Path.Combine(directory, "peers", peer);
            File.Delete(Path.Combine(folder, SampleRecord.FileName));
            var writes = File.ReadAllLines(Path.Combine(folder, WriteRecord.FileName)).Skip(1).Select(l => l.Split(','));
            File.WriteAllLines(Path.Combine(folder, WriteRecord.FileName), ["seq,written_at_unix_us,payload_bytes", .. writes.Select(w => $"{w[1]},{w[3]},{w[5]}")]);
        }

        var report = await ReportBuilder.BuildAsync(directory, CancellationToken.None);

        Assert.Contains(report.Figures.NotDerivable, n => n.StartsWith("host saturation", StringComparison.Ordinal));
        Assert.Contains(report.Figures.NotDerivable, n => n.StartsWith("write acknowledgement", StringComparison.Ordinal));
        Assert.Equal(80, report.Figures.Availability.ByPeer["peer-2"].Percent);
        Assert.Equal(33, report.Figures.Accounts["peer-3"].Delivered);
        Assert.Contains("Not derivable from this run's files", File.ReadAllText(report.HtmlPath));
    }

    [Fact]
    public async Task A_half_written_run_is_reported_with_what_was_skipped()
    {
        var directory = await _run.WriteAsync(_results);
        File.AppendAllText(Path.Combine(directory, "peers", "peer-1", DeliveryRecord.FileName), "peer-2,21,18000000");
        var delivered = _run.Deliveries.Count;
        File.Delete(Path.Combine(directory, "peers", "peer-3", BandwidthRecord.FileName));

        var report = await ReportBuilder.BuildAsync(directory, CancellationToken.None);

        Assert.Equal(delivered, report.Figures.Latency.Overall.Count);
        Assert.Equal(1, report.Figures.Tally.SkippedRowsByFile["peers/peer-1/deliveries.csv"]);
        Assert.Contains("peers/peer-3/bandwidth.csv", report.Figures.Tally.MissingFiles);
    }

    [Fact]
    public async Task Every_plot_is_a_png_of_the_stated_size_that_is_not_blank_with_an_svg_beside_it()
    {
        var report = await BuildAsync();

        Assert.Equal(PlotCatalog.All.Select(p => p.Name + ".png").Order(), report.Plots.Select(p => Path.GetFileName(p.PngPath)).Order());
        foreach (var plot in report.Plots)
        {
            var image = PngImage.Read(plot.PngPath);
            Assert.Equal((PlotRenderer.Width, PlotRenderer.Height), (image.Width, image.Height));
            Assert.True(image.InkShare() > 0.01, $"{plot.Plot.Name} is (nearly) blank: {image.InkShare():P1} of its pixels drawn");
            Assert.True(image.Pixels.Distinct().Count() >= 3, $"{plot.Plot.Name} has no colour beyond background and ink");

            Assert.Equal(Path.ChangeExtension(plot.PngPath, ".svg"), plot.SvgPath);
            var svg = XDocument.Load(plot.SvgPath).Root!;
            Assert.Equal(("svg", PlotRenderer.Width.ToString(CultureInfo.InvariantCulture), PlotRenderer.Height.ToString(CultureInfo.InvariantCulture)), (svg.Name.LocalName, (string?)svg.Attribute("width"), (string?)svg.Attribute("height")));
            Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "text" && e.Value.Contains(plot.Plot.Title.Split(' ')[0], StringComparison.Ordinal));
        }
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private async Task<RunReport> BuildAsync() => await ReportBuilder.BuildAsync(await _run.WriteAsync(_results), CancellationToken.None);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>A report CSV's rows by column name (these files quote only text with commas, which the tests do not read).</summary>
    private static List<Dictionary<string, string>> Csv(RunReport report, string file)
    {
        var lines = File.ReadAllLines(Path.Combine(report.Directory, "csv", file));
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }
}
