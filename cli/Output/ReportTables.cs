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
        var table = new Table().Title($"[bold]run {Markup.Escape(figures.Run.RunId)}[/]: {figures.Peers.Count} peers, {figures.Window.Seconds} s, {figures.Faults.Count} faults")
            .AddColumn(new TableColumn("metric").NoWrap()).AddColumn(new TableColumn("scope").NoWrap());
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

        Row("resync", "overall", figures.Resync.Overall);
        return table.Border(TableBorder.Simple).Caption("times in ms");
    }

    public static Table Peers(RunFigures figures)
    {
        var rows = figures.Peers
            .Select(peer => (peer, delivered: figures.Latency.Delivered.GetValueOrDefault(peer), availability: figures.Availability.ByPeer.GetValueOrDefault(peer),
                latency: figures.Latency.ByReader.GetValueOrDefault(peer)))
            .OrderBy(r => r.delivered?.Percent ?? -1).ThenByDescending(r => r.latency?.P99 ?? 0)
            .Take(MaxPeerRows)
            .OrderBy(r => r.peer, NaturalOrder.Instance)
            .ToList();
        var table = new Table().AddColumn("peer").AddColumn(new TableColumn("delivered").RightAligned()).AddColumn(new TableColumn("availability").RightAligned())
            .AddColumn(new TableColumn("freshness").RightAligned()).AddColumn(new TableColumn("p99 latency ms").RightAligned()).AddColumn(new TableColumn("resyncs").RightAligned());
        foreach (var (peer, delivered, availability, latency) in rows)
        {
            table.AddRow(
                peer,
                delivered is null ? "-" : Figures.Percent(delivered.Percent),
                availability is null ? "-" : Figures.Percent(availability.Percent),
                availability is null ? "-" : Figures.Percent(availability.MeanFreshPercent),
                latency is { HasSamples: true } ? Figures.Ms(latency.P99, decimals: 1) : "-",
                (figures.Resync.ByPeer.GetValueOrDefault(peer)?.Count ?? 0).ToString());
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

    public static Table Comparison(string runA, string runB, IReadOnlyList<ComparedFigure> figures)
    {
        var table = new Table().Title($"[bold]{Markup.Escape(runA)}[/] → [bold]{Markup.Escape(runB)}[/]").AddColumn("figure")
            .AddColumn(new TableColumn(Markup.Escape(runA)).RightAligned()).AddColumn(new TableColumn(Markup.Escape(runB)).RightAligned())
            .AddColumn(new TableColumn("change").RightAligned());
        foreach (var f in figures)
        {
            var change = f.Change is { } c ? $"{c:+0.###;-0.###;0}{(f.ChangePercent is { } p ? $" ({p:+0.#;-0.#;0}%)" : "")}" : "-";
            var colour = f.Improved switch { true => "green", false => "red", _ => "default" };
            table.AddRow(
                Markup.Escape(f.Unit.Length > 0 ? $"{f.Name} ({f.Unit})" : f.Name),
                f.A is { } a ? $"{a:0.###}" : "-",
                f.B is { } b ? $"{b:0.###}" : "-",
                $"[{colour}]{Markup.Escape(change)}[/]");
        }

        return table.Caption("green: better, red: worse (lower latency, higher delivered and availability are better)");
    }
}
