using System.Globalization;
using System.Xml.Linq;
using CMesh.Report;
using CMesh.Report.Plots;

namespace CMesh.Tests.Report;

public sealed class ReportBuilderTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-report-").FullName;
    private readonly SyntheticRun _run = new();

    [Fact]
    public async Task Latency_csv_has_one_row_per_delivery_with_received_minus_written()
    {
        var report = await BuildAsync(gnuplot: null);

        var rows = Csv(report, "latency.csv").Select(r => (r["reader"], r["writer"], long.Parse(r["seq"], CultureInfo.InvariantCulture), long.Parse(r["latency_us"], CultureInfo.InvariantCulture)));

        Assert.Equal(_run.Deliveries.Select(d => (d.Reader, d.Writer, d.Seq, d.ReceivedAt - d.WrittenAt)).Order(), rows.Order());
    }

    [Fact]
    public async Task The_summary_has_the_exact_count_and_quantiles_within_the_stated_error()
    {
        var report = await BuildAsync(gnuplot: null);
        var latencies = _run.Deliveries.Select(d => d.ReceivedAt - d.WrittenAt).ToList();

        var overall = Csv(report, "summary.csv").Single(r => r["metric"] == "message-latency" && r["scope"] == "overall");

        Assert.Equal(latencies.Count.ToString(CultureInfo.InvariantCulture), overall["count"]);
        Assert.Equal(latencies.Max() / 1000.0, Number(overall["max_ms"]), 3);
        foreach (var (column, q) in new[] { ("p50_ms", 0.5), ("p90_ms", 0.9), ("p99_ms", 0.99), ("p999_ms", 0.999) })
        {
            var exact = SyntheticRun.Quantile(latencies, q) / 1000.0;
            Assert.InRange(Number(overall[column]), (exact * 0.9995) - 0.001, (exact * 1.0005) + 0.001);
        }
    }

    [Fact]
    public async Task Deliveries_written_during_a_fault_are_summarised_in_its_phase()
    {
        var report = await BuildAsync(gnuplot: null);
        var during = _run.Deliveries.Where(d => d.WrittenAt >= SyntheticRun.T0 + (8 * SyntheticRun.Second) && d.WrittenAt < SyntheticRun.T0 + (12 * SyntheticRun.Second));

        var phase = Csv(report, "summary.csv").Single(r => r["scope"] == "phase" && r["name"] == "during s1.1");

        Assert.Equal(during.Count().ToString(CultureInfo.InvariantCulture), phase["count"]);
        Assert.Equal(during.Max(d => d.ReceivedAt - d.WrittenAt) / 1000.0, Number(phase["max_ms"]), 3);
    }

    [Fact]
    public async Task Peers_csv_has_each_peers_share_delivered_and_available()
    {
        var report = await BuildAsync(gnuplot: null);

        var peers = Csv(report, "peers.csv").ToDictionary(r => r["peer"]);

        Assert.Equal(97.5, Number(peers["peer-3"]["delivered_pct"]));
        Assert.Equal(100, Number(peers["peer-1"]["delivered_pct"]));
        Assert.Equal(80, Number(peers["peer-2"]["availability_pct"]));
        Assert.Equal(100, Number(peers["peer-3"]["availability_pct"]));
    }

    [Fact]
    public async Task Availability_csv_writes_the_seconds_a_peer_was_down_as_rows_with_up_0()
    {
        var report = await BuildAsync(gnuplot: null);

        var peer2 = Csv(report, "availability.csv").Where(r => r["peer"] == "peer-2").ToList();

        Assert.Equal(SyntheticRun.Seconds, peer2.Count);
        Assert.Equal([8, 9, 10, 11], peer2.Where(r => r["up"] == "0").Select(r => int.Parse(r["second"], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_fault_without_an_end_is_drawn_to_the_runs_stop()
    {
        var report = await BuildAsync(gnuplot: null);

        var fault = Csv(report, "faults.csv").Single(r => r["fault_id"] == "a2");

        Assert.Equal((SyntheticRun.T0 + (21 * SyntheticRun.Second)).ToString(CultureInfo.InvariantCulture), fault["end_unix_us"]);
    }

    [Fact]
    public async Task Resync_episodes_are_put_down_to_the_fault_they_followed()
    {
        var report = await BuildAsync(gnuplot: null);

        var episode = Assert.Single(Csv(report, "resync.csv"));

        Assert.Equal(("peer-2", "350000", "s1.1"), (episode["peer"], episode["duration_us"], episode["fault_id"]));
    }

    [Fact]
    public async Task Assertions_are_each_passed_or_failed_with_the_measured_figure_and_written_as_junit()
    {
        var report = await BuildAsync(gnuplot: null);

        Assert.Equal(
            [("p99-resync < 1s", "350ms", true), ("min-delivered >= 90%", "97.5%", true), ("min-availability >= 90%", "80%", false)],
            report.Assertions.Select(a => (a.Name, a.Measured, a.Passed)));
        Assert.False(report.Passed);
        var suite = XDocument.Load(Path.Combine(report.Directory, "junit.xml")).Root!.Element("testsuite")!;
        Assert.Equal("3", suite.Attribute("tests")!.Value);
        Assert.Equal("min-availability >= 90%", Assert.Single(suite.Elements("testcase"), t => t.Element("failure") is not null).Attribute("name")!.Value);
    }

    [Fact]
    public async Task A_quantity_never_measured_fails_its_assertion()
    {
        var directory = _run.Write(_results, "quiet", "  - p99-resync < 1s\n");
        File.WriteAllText(Path.Combine(directory, "peers", "peer-2", "resync.csv"), "started_at_unix_us,completed_at_unix_us,duration_us,from_peer,trigger,mode,missing_updates,bytes_in\n");

        var report = await ReportBuilder.BuildAsync(directory, gnuplot: null, CancellationToken.None);

        var result = Assert.Single(report.Assertions);
        Assert.False(result.Passed);
        Assert.StartsWith("not measured", result.Measured);
    }

    [Fact]
    public async Task A_half_written_run_is_reported_with_what_was_skipped()
    {
        var directory = _run.Write(_results);
        File.AppendAllText(Path.Combine(directory, "peers", "peer-1", "deliveries.csv"), "peer-2,21,18000000");
        File.Delete(Path.Combine(directory, "peers", "peer-3", "bandwidth.csv"));

        var report = await ReportBuilder.BuildAsync(directory, gnuplot: null, CancellationToken.None);

        Assert.Equal(_run.Deliveries.Count, report.Figures.Latency.Overall.Count);
        Assert.Equal(1, report.Figures.Tally.SkippedRowsByFile["peers/peer-1/deliveries.csv"]);
        Assert.Contains("peers/peer-3/bandwidth.csv", report.Figures.Tally.MissingFiles);
    }

    [Fact]
    public async Task Without_gnuplot_the_csv_files_and_html_tables_are_still_written_with_how_to_install_it()
    {
        var report = await BuildAsync(gnuplot: null);

        Assert.True(report.PlotsSkipped);
        Assert.False(Directory.Exists(Path.Combine(report.Directory, "png")));
        var html = File.ReadAllText(report.HtmlPath);
        Assert.Contains("apt-get install gnuplot-nox", html);
        Assert.Contains("<table id=\"summary\">", html);
        Assert.True(File.Exists(Path.Combine(report.Directory, "csv", "summary.csv")));
    }

    [Fact]
    public async Task Every_plot_is_a_png_of_the_stated_size_that_is_not_blank()
    {
        var report = await BuildAsync(await Gnuplot.FindAsync(CancellationToken.None) ?? throw new InvalidOperationException(Gnuplot.InstallHint));

        Assert.Equal(PlotCatalog.All.Select(p => p.FileName).Order(), report.Plots.Select(p => Path.GetFileName(p.Path)).Order());
        foreach (var plot in report.Plots)
        {
            var image = PngImage.Read(plot.Path);
            Assert.Equal((PlotRenderer.Width, PlotRenderer.Height), (image.Width, image.Height));
            Assert.True(image.InkShare() > 0.01, $"{plot.Plot.FileName} is (nearly) blank: {image.InkShare():P1} of its pixels drawn");
            Assert.True(image.Pixels.Distinct().Count() >= 3, $"{plot.Plot.FileName} has no colour beyond background and ink");
        }
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private async Task<RunReport> BuildAsync(Gnuplot? gnuplot) => await ReportBuilder.BuildAsync(_run.Write(_results), gnuplot, CancellationToken.None);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>A report CSV's rows by column name (these files quote only text with commas, which the tests do not read).</summary>
    private static List<Dictionary<string, string>> Csv(RunReport report, string file)
    {
        var lines = File.ReadAllLines(Path.Combine(report.Directory, "csv", file));
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }
}
