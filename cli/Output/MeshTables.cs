using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Docker.Mesh;
using Spectre.Console;

namespace CMesh.Cli.Output;

/// <summary>The tables the CLI prints about a mesh.</summary>
public static class MeshTables
{
    public static Table Ready(MeshStatus status, DateTimeOffset bringUpStartedAt)
    {
        var degrees = status.Peers.Select(p => p.Links.Count).DefaultIfEmpty(0).ToList();
        var table = new Table().Title($"[bold]run {status.RunId}: ready[/]")
            .AddColumn("peers").AddColumn("links").AddColumn("links per peer (min / mean / max)").AddColumn("time to ready");
        table.AddRow(
            $"{status.Peers.Count}/{status.ExpectedPeers}",
            DistinctLinks(status).ToString(),
            $"{degrees.Min()} / {degrees.Average():F1} / {degrees.Max()}",
            $"{(status.ReadyAt!.Value - bringUpStartedAt).TotalSeconds:F1} s");
        return table.Caption("time to ready: from creating the networks until every peer had registered and opened a link");
    }

    public static Table Peers(MeshStatus status)
    {
        var table = new Table().Title($"[bold]run {status.RunId}[/]: phase {status.Phase.ToString().ToLowerInvariant()}, {status.Peers.Count}/{status.ExpectedPeers} peers registered, {DistinctLinks(status)} links")
            .AddColumn("peer").AddColumn("state").AddColumn("endpoint").AddColumn(new TableColumn("links").RightAligned())
            .AddColumn(new TableColumn("last heartbeat").RightAligned()).AddColumn(new TableColumn("written").RightAligned())
            .AddColumn(new TableColumn("delivered").RightAligned()).AddColumn("linked to");
        foreach (var peer in status.Peers.OrderBy(p => p.PeerId, NaturalOrder.Instance))
        {
            var ago = $"{peer.HeartbeatAgeMs / 1000.0:F1} s ago";
            var age = peer.Freshness switch
            {
                NodeFreshness.Fresh => ago,
                NodeFreshness.Late => $"[yellow]{ago}[/]",
                _ => $"[red]{ago}[/]",
            };
            table.AddRow(
                peer.PeerId,
                peer.State.ToString().ToLowerInvariant(),
                peer.Endpoint,
                peer.Links.Count.ToString(),
                age,
                peer.Written.ToString(),
                peer.Delivered.ToString(),
                Markup.Escape(string.Join(" ", peer.Links)));
        }

        return table;
    }

    /// <summary>The totals from the peers' last heartbeats; the result files hold every record.</summary>
    public static Table Workload(MeshStatus status)
    {
        var written = status.Peers.Sum(p => p.Written);
        var delivered = status.Peers.Sum(p => p.Delivered);
        var expected = written * (status.Peers.Count - 1);
        var table = new Table().Title($"[bold]run {status.RunId}: workload[/]")
            .AddColumn("peers").AddColumn(new TableColumn("updates written").RightAligned())
            .AddColumn(new TableColumn("deliveries").RightAligned()).AddColumn(new TableColumn("expected").RightAligned())
            .AddColumn(new TableColumn("delivered").RightAligned());
        table.AddRow(
            status.Peers.Count.ToString(), written.ToString(), delivered.ToString(), expected.ToString(),
            expected == 0 ? "-" : $"{100.0 * delivered / expected:F2} %");
        return table.Caption("counts from the peers' last heartbeats; expected = updates written × (peers − 1)");
    }

    public static Table Runs(IReadOnlyList<RunInventory> runs, bool everyContainer)
    {
        var table = new Table().AddColumn("run").AddColumn("containers").AddColumn("networks").AddColumn("results");
        foreach (var run in runs)
        {
            var states = run.Containers.GroupBy(c => c.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
            var containers = everyContainer
                ? string.Join("\n", run.Containers.Select(c => $"{c.Name} [grey]{Markup.Escape(c.Status)}[/]"))
                : $"{run.Containers.Count} ({string.Join(", ", states)})";
            if (run.OnSwarm)
            {
                // A swarm run's containers elsewhere are its services' tasks on other nodes.
                containers += $"\n[grey]swarm: {run.Services.Count} services; containers on this node only[/]";
            }

            table.AddRow(
                run.RunId,
                containers,
                string.Join("\n", run.Networks.Select(n => n.Name)),
                Markup.Escape(run.ResultsDirectory ?? "-"));
        }

        return table;
    }

    private static int DistinctLinks(MeshStatus status) =>
        status.Peers.SelectMany(p => p.Links.Select(l => string.CompareOrdinal(p.PeerId, l) < 0 ? (p.PeerId, l) : (l, p.PeerId)))
            .Distinct()
            .Count();
}
