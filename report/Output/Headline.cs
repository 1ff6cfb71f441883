using CMesh.Common.Records;
using CMesh.Report.Analysis;
using CMesh.Report.Derivation;
using CMesh.Report.Input;
using CMesh.Report.Statistics;

namespace CMesh.Report.Output;

/// <summary>
/// The run's figures at a glance, each with how it was taken (sample count, definition), as the terminal, the HTML
/// report and junit.xml show them. Every one is derived from the raw records (results/README.md defines each). A
/// figure that subtracts times taken on two clocks states, when run.json measured them, how far off it can still be.
/// </summary>
public static class Headline
{
    public static IReadOnlyList<HeadlineFigure> Of(RunFigures f)
    {
        var latency = f.Latency.Overall;
        var delivered = f.Accounts.Values.Sum(a => a.Delivered);
        var expected = f.Accounts.Values.Sum(a => a.Expected);
        var runEnded = f.Accounts.Values.Sum(a => a.ExcludedRunEnded);
        var readerDown = f.Accounts.Values.Sum(a => a.ExcludedReaderDown);
        var availability = f.Availability.ByPeer.Values.ToList();
        var resync = f.Resync.Reached;
        var longestRevertUs = f.Resync.Convergence.Select(c => c.Fault.EndUs - c.Fault.HealUs).DefaultIfEmpty(0).Max();
        var clocks = ClockNote(f.Clocks) is { } note ? $"; {note}" : "";
        var figures = new List<HeadlineFigure>
        {
            new("delivered", $"{Figures.Count(delivered)} of {Figures.Count(expected)} ({Figures.Percent(expected == 0 ? 100 : 100.0 * delivered / expected)}), {Figures.Count(f.Missing)} missing",
                $"(update, other peer) pairs of the {Figures.Count(f.Written.Values.Sum())} updates written in the window; not expected: {Figures.Count(runEnded)} written in the last {f.TailUs / 1e6:0.#} s and not delivered, {Figures.Count(readerDown)} whose reader never came up again (missing.csv)"),
            new("message latency", latency.HasSamples ? $"p50 {Quantile(latency, 0.5, latency.P50)} ms, p99 {Quantile(latency, 0.99, latency.P99)} ms, p99.9 {Quantile(latency, 0.999, latency.P999)} ms, max {Figures.Ms(latency.Max)} ms" : "none delivered",
                $"seen − written, n = {Figures.Count(latency.Count)} deliveries of measured updates; {Figures.Count(f.WarmUpWrites)} warm-up writes and {Figures.Count(f.Latency.UnmeasuredDeliveries)} deliveries of them left out{(latency.Negative > 0 ? $"; {Figures.Count(latency.Negative)} negative (clocks disagree), counted at 0" : "")}{clocks}"),
            new("effective latency", $"p50 {Figures.Effective(f.Latency.Effective.P50Us)} ms, p99 {Figures.Effective(f.Latency.Effective.P99Us)} ms, p99.9 {Figures.Effective(f.Latency.Effective.P999Us)} ms",
                $"the same with the {Figures.Count(f.Latency.Effective.Missing)} missing pairs counted as infinite{clocks}"),
            new("availability", availability.Count == 0 ? "not measured" : $"min {Figures.Percent(availability.Min(a => a.Percent))}, mean {Figures.Percent(availability.Average(a => a.Percent))}",
                $"periods of {f.Availability.PeriodUs / 1e6:0.###} s with an acknowledged write due, {availability.FirstOrDefault()?.Periods ?? 0} periods × {availability.Count} peers"),
            new("freshness", f.Freshness.Lag.HasSamples ? $"{Figures.Percent(f.Freshness.FreshPercent)} of the time within {f.Freshness.BoundUs / 1e6:0.###} s; lag p50 {Quantile(f.Freshness.Lag, 0.5, f.Freshness.Lag.P50)} ms, p99 {Quantile(f.Freshness.Lag, 0.99, f.Freshness.Lag.P99)} ms, max {Figures.Ms(f.Freshness.Lag.Max)} ms" : "not measured",
                $"each reader's lag behind each writer at the end of each second the reader ran and the writer was up, n = {Figures.Count(f.Freshness.Lag.Count)}{clocks}"),
            new("resync after heal", f.Resync.Targeted.Count == 0 ? "no fault healed" : $"{(resync.HasSamples ? $"max {Figures.Ms(resync.Max)} ms, p50 {Quantile(resync, 0.5, resync.P50)} ms" : "none caught up")}; {f.Resync.NotReached} not reached",
                $"from the moment each fault began to heal until its target held everything written before it (reverting took up to {Figures.Ms(longestRevertUs)} ms, inside the figure), n = {f.Resync.Targeted.Count} (fault, peer) pairs{clocks}"),
            new("mesh convergence after heal", f.Resync.Convergence.Count == 0 ? "no fault healed" : string.Join(", ", f.Resync.Convergence.Select(c => $"{c.Fault.Id} {(c.ConvergenceUs is { } us ? $"{Figures.Ms(us)} ms" : "not reached")}")),
                $"until every peer up after the heal held everything written before it{clocks}"),
            new("convergence at the end", f.Convergence.Compared == 0 ? "not measured" : f.Convergence.AllConverged ? $"all {f.Convergence.Compared} peers hold the same state ({Figures.Count(f.Convergence.Updates)} updates)" : $"{f.Convergence.Divergent.Count} divergent: {string.Join(", ", f.Convergence.Divergent.Select(d => d.Peer))}",
                $"final state digests ({PeerSummary.FileName}){Without(f.Convergence.WithoutSummary)}{(f.Convergence.Settle is { } settle ? $"; {settle}" : "")}"),
        };
        if (f.Bandwidth.ByPeer.Count > 0 && delivered > 0)
        {
            var bytes = f.Bandwidth.BytesOut;
            figures.Add(new HeadlineFigure("bandwidth", $"{Figures.Bytes(bytes / (double)delivered)} sent per delivery; useful payload {Figures.Percent(100.0 * f.Accounts.Values.Sum(a => a.UsefulPayloadBytes) / Math.Max(1, bytes))} of bytes"
                + (f.Bandwidth.SplitsPayload ? $", redundant {Figures.Percent(100.0 * f.Bandwidth.DuplicatePayloadBytesIn / Math.Max(1, bytes))}" : ""),
                "frames on the wire inside the window (TCP/IP headers not included); useful = first deliveries × their size"));
        }

        if (f.Clocks.Measured is { Nodes.Count: > 0 } measured)
        {
            var nodes = measured.OverTheRun;
            var drift = measured.Drift.Count == 0
                ? "measured once, as the workload began: drift during the run is not in the bounds"
                : $"measured as the workload began and again as it ended, {measured.Drift.Count} of {nodes.Count} nodes both times: drift up to {Figures.Ms(measured.Drift.Values.Max(Math.Abs))} ms, corrected by the mean, half of it in the bounds";
            figures.Add(new HeadlineFigure("clocks", $"{nodes.Count} nodes, offsets {Figures.Ms(nodes.Min(n => n.OffsetUs))} to {Figures.Ms(nodes.Max(n => n.OffsetUs))} ms from the CLI's, corrected; each within ± {Figures.Ms(nodes.Max(n => n.ErrorBoundUs))} ms",
                $"NTP-style exchanges (run.json clocks; a node the CLI cannot reach is measured through the coordinator, both legs added): each node's offset from its exchange with the shortest round trip, ± half that round trip; {drift}; a figure between two nodes is off by at most both their bounds"));
        }

        figures.Add(new HeadlineFigure("host", !f.Saturation.Measured ? "not recorded" : f.Saturation.SaturatedSeconds == 0 ? "not saturated" : $"saturated {f.Saturation.SaturatedSeconds} of {f.Window.Seconds} s",
            $"CPU > {HostSaturation.BusyPercent:0} % or a sampler tick more than {HostSaturation.LateUs / 1000} ms late"));
        return figures;
    }

    /// <summary>What the correction leaves of a figure between two clocks, for every output that prints one; null with one clock.</summary>
    public static string? ClockNote(ClockCorrection clocks) =>
        !clocks.Corrects ? null
        : clocks.ResidualBoundUs is { } bound ? $"clocks corrected per node: ± {Figures.Ms(bound)} ms between two nodes at most"
        : "clocks corrected on the measured nodes only: a figure between two nodes has no bound";

    private static string Quantile(Distribution d, double q, long value) => Figures.Quantile(d, q, value);

    private static string Without(IReadOnlyList<string> peers) => peers.Count switch
    {
        0 => "",
        <= 5 => $"; no summary from {string.Join(", ", peers)}",
        _ => $"; no summary from {peers.Count} peers ({string.Join(", ", peers.Take(3))}, …)",
    };
}

/// <summary>One figure: its name, its value with units, and how it was taken.</summary>
public sealed record HeadlineFigure(string Name, string Value, string HowTaken);
