using System.Globalization;
using System.Text;
using CMesh.Report.Analysis;
using CMesh.Report.Assertions;
using CMesh.Report.Plots;

namespace CMesh.Report.Output;

/// <summary>
/// report.html: one self-contained page (plots embedded as SVG data: URIs, styles inline, no script) with the verdict,
/// the summary tables, the scenario's timeline, every plot, the run's parameters and host, and what was skipped.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
        h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; margin: 0.5em 0; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; } th { background: #f4f4f4; }
        tr.fail td { background: #fde0dd; } tr.pass td { background: #e5f5e0; }
        .verdict { font-size: 1.3em; font-weight: bold; } .verdict.fail { color: #b30000; } .verdict.pass { color: #006d2c; }
        figure { margin: 1.2em 0; } figure img { max-width: 100%; border: 1px solid #eee; } figcaption { color: #555; }
        .timeline { position: relative; border: 1px solid #ccc; background: #fafafa; margin: 0.5em 0; }
        .fault { position: absolute; height: 20px; background: #fdd0a2; border: 1px solid #e6550d; font-size: 11px; overflow: visible; white-space: nowrap; }
        .note { color: #8c2d04; }
        """;

    public static string Build(RunFigures figures, IReadOnlyList<AssertionResult> assertions, IReadOnlyList<RenderedPlot> plots)
    {
        var html = new StringBuilder();
        var failed = assertions.Count(a => !a.Passed);
        html.Append($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>cmesh report {Html.Text(figures.Run.RunId)}</title><style>{Style}</style></head><body>");
        html.Append($"<h1>Run {Html.Text(figures.Run.RunId)}</h1>");
        html.Append($"<p>{Html.Text(figures.Run.Command ?? "")} — {figures.Peers.Count} peers, {figures.Window.Seconds} s measured, {figures.Faults.Count} faults{(figures.Run.Scenario is { } s ? $", scenario {Html.Text(s)}" : "")}</p>");
        html.Append(assertions.Count == 0
            ? "<p class=\"verdict\">No assertions to check.</p>"
            : failed == 0
                ? $"<p class=\"verdict pass\">All {assertions.Count} assertions passed.</p>"
                : $"<p class=\"verdict fail\">{failed} of {assertions.Count} assertions failed.</p>");

        html.Append("<h2>Assertions</h2>").Append(Html.Table(
            "assertions", ["scenario", "assertion", "measured", "result"],
            assertions.Select(a => (IReadOnlyList<string>)[a.Scenario, a.Name, a.Measured, a.Passed ? "pass" : "FAIL"]),
            row => row[3] == "pass" ? "pass" : "fail"));

        if (figures.Saturation.SaturatedSeconds > 0)
        {
            html.Append($"<p class=\"note\" id=\"saturation\">{Html.Text(figures.Saturation.Warning)}.</p>");
        }

        if (figures.NotDerivable.Count > 0)
        {
            html.Append($"<p class=\"note\" id=\"not-derivable\">Not derivable from this run's files: {Html.Text(string.Join("; ", figures.NotDerivable))}.</p>");
        }

        html.Append("<h2>Figures</h2>").Append(Html.Table("headline", ["figure", "value", "how it was taken"], Headline.Of(figures).Select(h => (IReadOnlyList<string>)[h.Name, h.Value, h.HowTaken])));
        html.Append("<h2>Distributions</h2>").Append(Html.Table("summary", ["metric", "scope", .. Figures.RowHeader], SummaryRows(figures)));
        html.Append($"<p>Quantiles are nearest-rank, read from log-bucket histograms: exact below 1.024 ms, within {Figures.Percent(figures.Latency.RelativeError * 100)} above; a quantile is printed only with at least 1/(1 − q) samples.{(Headline.ClockNote(figures.Clocks) is { } clocks ? $" Latency, resync and freshness lag: {Html.Text(clocks)}." : "")}</p>");
        html.Append("<h2>Peers</h2>").Append(Html.Table(
            "peers", ["peer", "written", "delivered", "missing", "delivered %", "availability %", "fresh %", "p99 latency ms", "resync after heal ms", "links opened", "links closed"],
            PeerRows(figures)));

        html.Append("<h2>Scenario timeline</h2>").Append(Timeline(figures));
        html.Append("<h2>Plots</h2>");
        foreach (var plot in plots)
        {
            var data = Convert.ToBase64String(File.ReadAllBytes(plot.SvgPath));
            html.Append($"<figure id=\"{plot.Plot.Name}\"><img alt=\"{Html.Text(plot.Plot.Title)}\" src=\"data:image/svg+xml;base64,{data}\">");
            html.Append($"<figcaption>{Html.Text(plot.Plot.Caption)}</figcaption></figure>");
        }

        html.Append("<h2>Run parameters</h2>").Append(Html.Table("parameters", ["parameter", "value"], figures.Run.Parameters.Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value])));
        html.Append("<h2>Host</h2>").Append(Html.Table("host", ["fact", "value"], figures.Run.Host.Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value])));
        html.Append("<h2>Input</h2>").Append(Html.Table("input", ["what", "count or detail"], InputRows(figures)));
        return html.Append("</body></html>").ToString();
    }

    private static IEnumerable<IReadOnlyList<string>> SummaryRows(RunFigures figures)
    {
        yield return ["message latency", "overall", .. Figures.Row(figures.Latency.Overall)];
        foreach (var phase in figures.Latency.ByPhase)
        {
            yield return ["message latency", phase.Phase.Name, .. Figures.Row(phase.Latency)];
        }

        yield return ["resync after heal", "targeted peers", .. Figures.Row(figures.Resync.Reached)];
        foreach (var fault in figures.Faults.Where(f => figures.Resync.Targeted.Any(r => r.Fault == f)))
        {
            yield return ["resync after heal", $"after {fault.Id}", .. Figures.Row(figures.Resync.ByFault(fault.Id))];
        }

        yield return ["freshness lag", "all pairs", .. Figures.Row(figures.Freshness.Lag)];
        yield return ["link catch-up (secondary)", "reopened links", .. Figures.Row(figures.Reconnects.Overall)];
    }

    private static IEnumerable<IReadOnlyList<string>> PeerRows(RunFigures figures) => figures.Peers.Select(peer =>
    {
        var account = figures.Accounts.GetValueOrDefault(peer);
        var availability = figures.Availability.ByPeer.GetValueOrDefault(peer);
        var fresh = figures.Freshness.ByReader.GetValueOrDefault(peer);
        var links = figures.LinkEvents.GetValueOrDefault(peer);
        var resyncs = figures.Resync.Targeted.Where(r => r.Peer == peer).ToList();
        return (IReadOnlyList<string>)
        [
            peer,
            Figures.Count(figures.Written.GetValueOrDefault(peer)),
            account is null ? "-" : Figures.Count(account.Delivered),
            account is null ? "-" : Figures.Count(account.Missing),
            account is null ? "-" : Figures.Percent(account.Percent),
            availability is null ? "-" : Figures.Percent(availability.Percent),
            fresh is null || double.IsNaN(fresh.FreshPercent) ? "-" : Figures.Percent(fresh.FreshPercent),
            figures.Latency.ByReader.GetValueOrDefault(peer) is { HasSamples: true } latency ? Figures.Quantile(latency, 0.99, latency.P99) : "-",
            resyncs.Count == 0 ? "-" : string.Join(" ", resyncs.Select(r => r.ResyncUs is { } us ? Figures.Ms(us) : "not reached")),
            links is null ? "-" : links.Opened.ToString(CultureInfo.InvariantCulture),
            links is null ? "-" : links.Closed.ToString(CultureInfo.InvariantCulture),
        ];
    });

    private static string Timeline(RunFigures figures)
    {
        if (figures.Faults.Count == 0)
        {
            return "<p>No faults were injected (no chaos.csv).</p>";
        }

        var total = Math.Max(1, figures.Window.OffsetSeconds(figures.Window.DrawEndUs));
        string Percent(double seconds) => (100 * Math.Clamp(seconds, 0, total) / total).ToString("0.##", CultureInfo.InvariantCulture);
        var bars = new StringBuilder($"<div class=\"timeline\" style=\"height:{(figures.Faults.Count * 24) + 4}px\">");
        for (var i = 0; i < figures.Faults.Count; i++)
        {
            var fault = figures.Faults[i];
            var start = figures.Window.OffsetSeconds(fault.StartUs);
            var end = figures.Window.OffsetSeconds(fault.EndUs);
            bars.Append($"<div class=\"fault\" style=\"top:{(i * 24) + 2}px;left:{Percent(start)}%;width:calc({Percent(end)}% - {Percent(start)}%)\" title=\"{Html.Text(fault.Label)}\">{Html.Text(fault.Label)}</div>");
        }

        bars.Append("</div>");
        return bars + Html.Table(
            "faults", ["fault", "kind", "targets", "parameters", "mechanism", "from s", "to s", "ended", "actions", "failures"],
            figures.Faults.Select(f => (IReadOnlyList<string>)
            [
                f.Id, f.Kind, f.Targets, f.Parameters, f.Mechanism,
                figures.Window.OffsetSeconds(f.StartUs).ToString("0.#", CultureInfo.InvariantCulture),
                figures.Window.OffsetSeconds(f.EndUs).ToString("0.#", CultureInfo.InvariantCulture),
                f.EndDetail, f.Actions.Count.ToString(CultureInfo.InvariantCulture), string.Join("; ", f.Failures.Select(x => x.Detail)),
            ]));
    }

    private static IEnumerable<IReadOnlyList<string>> InputRows(RunFigures figures)
    {
        var tally = figures.Tally;
        yield return ["files read", Figures.Count(tally.FilesRead)];
        yield return ["rows read", Figures.Count(tally.RowsRead)];
        yield return ["rows skipped (cut short or unparsable)", Figures.Count(tally.SkippedRows)];
        foreach (var (file, rows) in tally.SkippedRowsByFile)
        {
            yield return [$"skipped in {file}", Figures.Count(rows)];
        }

        foreach (var file in tally.MissingFiles)
        {
            yield return ["missing", file];
        }

        foreach (var file in tally.UnreadableFiles)
        {
            yield return ["unreadable", file];
        }
    }
}
