using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CMesh.Common;
using CMesh.Common.Clocks;
using CMesh.Common.Records;
using CMesh.Report;
using CMesh.Report.Output;

namespace CMesh.Tests.Report;

/// <summary>
/// The synthetic run as if peer-3 had run on a machine whose clock is 1.25 s ahead: every time peer-3 recorded is
/// skewed, and run.json says what the CLI measured of that clock, 300 µs off the truth and within its stated bound.
/// </summary>
public sealed class ClockCorrectionTests : IDisposable
{
    private const long Skew = 1_250_000;
    private const long MeasuredOffset = Skew - 300;
    private const long SkewedBound = 400;
    private const long HomeBound = 50;
    private const long PairBound = SkewedBound + HomeBound;

    private static readonly RunClocks Clocks = new(
        [new NodeClock("node-a", 0, HomeBound, 8), new NodeClock("node-b", MeasuredOffset, SkewedBound, 8)],
        new Dictionary<string, string> { ["coordinator"] = "node-a", ["peer-1"] = "node-a", ["peer-2"] = "node-a", ["peer-3"] = "node-b" });

    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-clocks-").FullName;
    private readonly SyntheticRun _run = new();

    [Fact]
    public async Task A_node_whose_recorded_times_are_skewed_gives_the_same_latencies_within_the_stated_bound_once_run_json_has_its_clock()
    {
        var straight = await ReportBuilder.BuildAsync(await _run.WriteAsync(_results, "straight"), CancellationToken.None);
        var corrected = await ReportBuilder.BuildAsync(await SkewedRunAsync("corrected", Clocks), CancellationToken.None);

        var expected = Latencies(straight);
        var measured = Latencies(corrected);

        Assert.Equal(expected.Keys.Order(), measured.Keys.Order());
        Assert.All(expected, e => Assert.InRange(measured[e.Key] - e.Value, -PairBound, PairBound));
        Assert.Contains(expected, e => measured[e.Key] != e.Value);
        Assert.All(expected.Where(e => e.Key.Reader != "peer-3" && e.Key.Writer != "peer-3"), e => Assert.Equal(e.Value, measured[e.Key]));
        foreach (var (before, after) in new[]
        {
            (straight.Figures.Latency.Overall.P50, corrected.Figures.Latency.Overall.P50),
            (straight.Figures.Latency.Overall.P99, corrected.Figures.Latency.Overall.P99),
            (straight.Figures.Latency.ByReader["peer-3"].P50, corrected.Figures.Latency.ByReader["peer-3"].P50),
            (straight.Figures.Latency.ByReader["peer-1"].Max, corrected.Figures.Latency.ByReader["peer-1"].Max),
        })
        {
            Assert.InRange(after - before, -PairBound - Quantization(before), PairBound + Quantization(before));
        }
    }

    [Fact]
    public async Task Without_run_json_s_clocks_the_same_files_give_latencies_off_by_the_skew()
    {
        var straight = await ReportBuilder.BuildAsync(await _run.WriteAsync(_results, "straight"), CancellationToken.None);
        var uncorrected = await ReportBuilder.BuildAsync(await SkewedRunAsync("uncorrected", clocks: null), CancellationToken.None);

        var expected = Latencies(straight);
        var measured = Latencies(uncorrected);

        Assert.All(expected.Where(e => e.Key.Reader == "peer-3"), e => Assert.Equal(e.Value + Skew, measured[e.Key]));
        Assert.True(uncorrected.Figures.Latency.ByReader["peer-3"].P50 - straight.Figures.Latency.ByReader["peer-3"].P50 > 1_000_000);
        Assert.False(uncorrected.Figures.Clocks.Corrects);
    }

    [Fact]
    public async Task The_outputs_state_the_residual_bound_beside_the_latency_figures_and_only_when_clocks_were_corrected()
    {
        var corrected = await ReportBuilder.BuildAsync(await SkewedRunAsync("corrected", Clocks), CancellationToken.None);
        var straight = await ReportBuilder.BuildAsync(await _run.WriteAsync(_results, "straight"), CancellationToken.None);

        var summary = Csv(corrected, "summary.csv");
        var heatmap = Csv(corrected, "heatmap.csv");
        var figures = File.ReadAllLines(Path.Combine(corrected.Directory, "csv", "figures.csv"));

        Assert.Equal(PairBound, corrected.Figures.Clocks.ResidualBoundUs);
        Assert.All(summary.Where(r => r["metric"] is "message-latency" or "freshness-lag"), r => Assert.Equal("0.45", r["clock_bound_ms"]));
        Assert.Equal("", summary.Single(r => r["metric"] == "link-catch-up")["clock_bound_ms"]);
        Assert.Equal("0.45", heatmap.Single(r => r["writer"] == "peer-3" && r["reader"] == "peer-1")["clock_bound_ms"]);
        Assert.Equal("0", heatmap.Single(r => r["writer"] == "peer-2" && r["reader"] == "peer-1")["clock_bound_ms"]);
        Assert.Contains("± 0.45 ms", Headline.Of(corrected.Figures).Single(h => h.Name == "message latency").HowTaken);
        Assert.Contains("± 0.45 ms", figures.Single(line => line.StartsWith("message latency,", StringComparison.Ordinal)));
        Assert.Contains("± 0.45 ms", WebUtility.HtmlDecode(await File.ReadAllTextAsync(corrected.HtmlPath)));
        Assert.All(Csv(straight, "summary.csv"), r => Assert.Equal("", r["clock_bound_ms"]));
        Assert.DoesNotContain("clocks corrected", await File.ReadAllTextAsync(Path.Combine(straight.Directory, "csv", "figures.csv")));
        Assert.DoesNotContain(Headline.Of(straight.Figures), h => h.Name == "clocks");
    }

    [Fact]
    public async Task A_node_whose_clock_was_not_measured_gets_no_bound_and_neither_does_a_figure_that_may_involve_it()
    {
        var unmeasured = Clocks with { Nodes = [.. Clocks.Nodes.Where(n => n.Node == "node-a")] };

        var report = await ReportBuilder.BuildAsync(await SkewedRunAsync("unmeasured", unmeasured), CancellationToken.None);

        var heatmap = Csv(report, "heatmap.csv");
        Assert.Null(report.Figures.Clocks.ResidualBoundUs);
        Assert.All(Csv(report, "summary.csv"), r => Assert.Equal("", r["clock_bound_ms"]));
        Assert.Equal("", heatmap.Single(r => r["writer"] == "peer-3" && r["reader"] == "peer-1")["clock_bound_ms"]);
        Assert.Equal("0", heatmap.Single(r => r["writer"] == "peer-2" && r["reader"] == "peer-1")["clock_bound_ms"]);
        Assert.Contains("a figure between two nodes has no bound", Headline.Of(report.Figures).Single(h => h.Name == "message latency").HowTaken);
        Assert.Contains("peer-3", report.Figures.NotDerivable.Single(n => n.StartsWith("clock correction", StringComparison.Ordinal)));
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    /// <summary>The synthetic run with every time peer-3 took moved by <see cref="Skew"/>, and run.json's clocks set (or left out).</summary>
    private async Task<string> SkewedRunAsync(string runId, RunClocks? clocks)
    {
        var run = await _run.WriteAsync(_results, runId);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(run, "peers", "peer-3"), "*.csv"))
        {
            var carried = Path.GetFileName(file) == DeliveryRecord.FileName ? "written_at_unix_us" : null;
            File.WriteAllLines(file, Skewed(File.ReadAllLines(file), carried));
        }

        if (clocks is not null)
        {
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(run, "run.json")))!.AsObject();
            manifest[RunClocks.JsonName] = JsonSerializer.SerializeToNode(clocks, CMeshJson.Options);
            await File.WriteAllTextAsync(Path.Combine(run, "run.json"), manifest.ToJsonString());
        }

        return run;
    }

    /// <summary>Every wall-clock column (named *_unix_us) moved by the skew, but a time the row carried from another node.</summary>
    private static IEnumerable<string> Skewed(string[] lines, string? carried)
    {
        var header = lines[0].Split(',');
        var times = header.Select((name, i) => (name, i)).Where(c => c.name.EndsWith("_unix_us", StringComparison.Ordinal) && c.name != carried).Select(c => c.i).ToHashSet();
        yield return lines[0];
        foreach (var line in lines.Skip(1))
        {
            Assert.DoesNotContain("\"", line);
            yield return string.Join(',', line.Split(',').Select((field, i) =>
                times.Contains(i) && field != "0" ? (long.Parse(field, CultureInfo.InvariantCulture) + Skew).ToString(CultureInfo.InvariantCulture) : field));
        }
    }

    /// <summary>Each delivery's latency as latency.csv has it, exact, by (reader, writer, seq).</summary>
    private static Dictionary<(string Reader, string Writer, string Seq), long> Latencies(RunReport report) =>
        Csv(report, "latency.csv").ToDictionary(r => (r["reader"], r["writer"], r["seq"]), r => long.Parse(r["latency_us"], CultureInfo.InvariantCulture));

    /// <summary>A histogram quantile's own error, on top of the clocks'.</summary>
    private static long Quantization(long valueUs) => (long)Math.Ceiling(valueUs * 0.001) + 1;

    private static List<Dictionary<string, string>> Csv(RunReport report, string file)
    {
        var lines = File.ReadAllLines(Path.Combine(report.Directory, "csv", file));
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }
}
