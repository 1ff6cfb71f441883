using CMesh.Common;
using CMesh.Report;
using CMesh.Report.Analysis;
using CMesh.Report.Compare;
using CMesh.Report.Output;
using Spectre.Console;

namespace CMesh.Cli.Output;

/// <summary>The tables `cmesh report` prints: the run's figures, its peers, its assertions, and a comparison of two runs.</summary>
public static class ReportTables
{
    /// <summary>Above this many peers only the worst (by delivered, then p99 latency) are listed; peers.csv has all.</summary>
    private const int MaxPeerRows = 15;

    public static Table Summary(RunFigures figures)
    {
        var table = new Table().Title($"[bold]run {Markup.Escape(figures.Run.RunId)}[/]: {figures.Peers.Count} peers, {figures.Window.Seconds} s measured, {figures.Faults.Count} faults")
            .AddColumn(new TableColumn("figure").NoWrap()).AddColumn("value").AddColumn(new TableColumn("how it was taken"));
        foreach (var figure in Headline.Of(figures))
        {
            table.AddRow(Markup.Escape(figure.Name), Markup.Escape(figure.Value), $"[grey]{Markup.Escape(figure.HowTaken)}[/]");
        }

        return table.Border(TableBorder.Simple);
    }

    public static Table Distributions(RunFigures figures)
    {
        var table = new Table().AddColumn(new TableColumn("metric").NoWrap()).AddColumn(new TableColumn("scope").NoWrap());
        foreach (var column in new[] { "count", "mean", "p50", "p90", "p99", "p99.9", "max" })
        {
            table.AddColumn(new TableColumn(column).RightAligned().NoWrap().Padding(1, 0));
        }

        void Row(string metric, string scope, Report.Statistics.Distribution d) => table.AddRow([metric, Markup.Escape(scope), .. Figures.Row(d, decimals: 1)]);
        Row("latency", "overall", figures.Latency.Overall);
        foreach (var phase in figures.Latency.ByPhase)
        {
            Row("latency", phase.Phase.Name, phase.Latency);
        }

        Row("resync after heal", "targeted peers", figures.Resync.Reached);
        Row("freshness lag", "all pairs", figures.Freshness.Lag);
        var clocks = Headline.ClockNote(figures.Clocks) is { } note ? $"; latency, resync and freshness lag: {note}" : "";
        return table.Border(TableBorder.Simple).Caption(Markup.Escape($"times in ms; a quantile needs at least 1/(1 − q) samples{clocks}"));
    }

    public static Table Peers(RunFigures figures)
    {
        var rows = figures.Peers
            .Select(peer => (peer, account: figures.Accounts.GetValueOrDefault(peer), availability: figures.Availability.ByPeer.GetValueOrDefault(peer),
                fresh: figures.Freshness.ByReader.GetValueOrDefault(peer), latency: figures.Latency.ByReader.GetValueOrDefault(peer)))
            .OrderBy(r => r.account?.Percent ?? -1).ThenBy(r => r.availability?.Percent ?? -1)
            .Take(MaxPeerRows)
            .OrderBy(r => r.peer, NaturalOrder.Instance)
            .ToList();
        var table = new Table().AddColumn("peer").AddColumn(new TableColumn("delivered").RightAligned()).AddColumn(new TableColumn("missing").RightAligned())
            .AddColumn(new TableColumn("availability").RightAligned()).AddColumn(new TableColumn("fresh").RightAligned())
            .AddColumn(new TableColumn("p99 latency ms").RightAligned()).AddColumn(new TableColumn("resync after heal ms").RightAligned());
        foreach (var (peer, account, availability, fresh, latency) in rows)
        {
            var resyncs = figures.Resync.Targeted.Where(r => r.Peer == peer).ToList();
            table.AddRow(
                peer,
                account is null ? "-" : Figures.Percent(account.Percent),
                account is null ? "-" : Figures.Count(account.Missing),
                availability is null ? "-" : Figures.Percent(availability.Percent),
                fresh is null || double.IsNaN(fresh.FreshPercent) ? "-" : Figures.Percent(fresh.FreshPercent),
                latency is { HasSamples: true } ? Figures.Quantile(latency, 0.99, latency.P99, decimals: 1) : "-",
                resyncs.Count == 0 ? "-" : string.Join(" ", resyncs.Select(r => r.ResyncUs is { } us ? Figures.Ms(us, decimals: 1) : "not reached")));
        }

        return figures.Peers.Count > MaxPeerRows ? table.Caption($"the {MaxPeerRows} peers with the least delivered (of {figures.Peers.Count}); csv/peers.csv has all") : table;
    }

    public static Table Assertions(RunReport report)
    {
        var table = new Table().AddColumn("scenario").AddColumn("assertion").AddColumn("measured").AddColumn("result");
        foreach (var a in report.Assertions)
        {
            table.AddRow(Markup.Escape(a.Scenario), Markup.Escape(a.Name), Markup.Escape(a.Measured), a.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
        }

        return table;
    }

    /// <summary>A column per run (its id and engine), each later run's value with its change from the first.</summary>
    public static Table Comparison(IReadOnlyList<(string RunId, string Engine)> runs, IReadOnlyList<ComparedFigure> figures)
    {
        var table = new Table().Title($"compared with [bold]{Markup.Escape(runs[0].RunId)}[/]").AddColumn("figure");
        foreach (var (runId, engine) in runs)
        {
            table.AddColumn(new TableColumn($"{Markup.Escape(runId)}\n[dim]engine {Markup.Escape(engine)}[/]").RightAligned());
        }

        foreach (var f in figures)
        {
            var cells = new List<string> { Markup.Escape(f.Unit.Length > 0 ? $"{f.Name} ({f.Unit})" : f.Name) };
            cells.Add(f.Baseline is { } first ? $"{first:0.###}" : "-");
            for (var run = 1; run < runs.Count; run++)
            {
                var value = f.Values[run] is { } v ? $"{v:0.###}" : "-";
                var change = f.ChangePercent(run) is { } p ? $" ({p:+0.#;-0.#;0}%)" : f.Change(run) is { } c && c != 0 ? $" ({c:+0.###;-0.###})" : "";
                var colour = f.Improved(run) switch { true => "green", false => "red", _ => "default" };
                cells.Add($"[{colour}]{Markup.Escape(value + change)}[/]");
            }

            table.AddRow(cells.ToArray());
        }

        return table.Caption("in brackets: the change from the first run; green: better, red: worse (lower latency, higher delivered and availability are better); -: not derivable from that run's records");
    }
}
