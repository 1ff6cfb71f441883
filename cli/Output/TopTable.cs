using CMesh.Common;
using CMesh.Common.Contracts;
using Spectre.Console;

namespace CMesh.Cli.Output;

/// <summary>`cmesh top`: one row per peer from the coordinator's mesh view.</summary>
public static class TopTable
{
    /// <param name="live">Whether the table is refreshed in place until Ctrl-C, which its caption then says.</param>
    public static Table Render(MeshView mesh, bool live)
    {
        var byHealth = mesh.Links.GroupBy(l => l.Health).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        var table = new Table()
            .Title($"[bold]run {Markup.Escape(mesh.RunId)}[/]: {mesh.Phase.ToString().ToLowerInvariant()}, {mesh.Nodes.Count}/{mesh.ExpectedPeers} peers, "
                   + $"{mesh.Links.Count} links ({string.Join(", ", byHealth)})")
            .AddColumn("peer").AddColumn("state").AddColumn(new TableColumn("heartbeat").RightAligned()).AddColumn(new TableColumn("links").RightAligned())
            .AddColumn(new TableColumn("RTT max").RightAligned()).AddColumn(new TableColumn("last data").RightAligned())
            .AddColumn(new TableColumn("in/s").RightAligned()).AddColumn(new TableColumn("out/s").RightAligned())
            .AddColumn(new TableColumn("fresh writers").RightAligned()).AddColumn("problems");
        foreach (var node in mesh.Nodes.OrderBy(n => n.PeerId, NaturalOrder.Instance))
        {
            var links = mesh.Links.Where(l => l.A == node.PeerId || l.B == node.PeerId).ToList();
            var rtt = links.Max(l => l.RttMs);
            var lastData = links.Min(l => l.LastDataAgeMs);
            table.AddRow(
                node.PeerId,
                node.State.ToString().ToLowerInvariant(),
                Freshness(node),
                node.OpenLinks.ToString(),
                rtt is { } r ? $"{r:F1} ms" : "-",
                lastData is { } d ? $"{d / 1000.0:F1} s" : "-",
                Bytes(node.BytesInPerSecond),
                Bytes(node.BytesOutPerSecond),
                node.Writers is { } w ? $"{w.WritersFresh}/{w.WritersExpected}" : "-",
                Markup.Escape(Problems(node, links)));
        }

        return table.Caption($"at {mesh.GeneratedAt.ToLocalTime():HH:mm:ss}{(live ? "; Ctrl-C to quit" : "")}");
    }

    private static string Freshness(MeshNode node)
    {
        var age = $"{node.HeartbeatAgeMs / 1000.0:F1} s";
        return node.Freshness switch
        {
            NodeFreshness.Fresh => age,
            NodeFreshness.Late => $"[yellow]{age}[/]",
            _ => $"[red]{age}[/]",
        };
    }

    private static string Problems(MeshNode node, IReadOnlyList<MeshLink> links)
    {
        var unhealthy = links.Where(l => l.Health != LinkHealth.Healthy)
            .Select(l => $"{(l.A == node.PeerId ? l.B : l.A)} {l.Health.ToString().ToLowerInvariant()}");
        var failing = node.FailingLinks.Take(2).Select(l => $"{l.Remote} {l.State.ToString().ToLowerInvariant()}: {l.Reason}");
        return string.Join("; ", unhealthy.Concat(failing));
    }

    private static string Bytes(double perSecond) =>
        perSecond >= 1 << 20 ? $"{perSecond / (1 << 20):F1} MiB" : perSecond >= 1 << 10 ? $"{perSecond / (1 << 10):F1} KiB" : $"{perSecond:F0} B";
}
