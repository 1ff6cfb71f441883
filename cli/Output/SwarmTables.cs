using System.Globalization;
using CMesh.Docker.Swarm;
using Spectre.Console;

namespace CMesh.Cli.Output;

/// <summary>The tables the CLI prints about a Docker Swarm.</summary>
public static class SwarmTables
{
    public static Table Nodes(IReadOnlyList<SwarmNodeView> nodes)
    {
        var table = new Table()
            .AddColumn("node").AddColumn("role").AddColumn("state").AddColumn("address")
            .AddColumn(new TableColumn("CPUs").RightAligned()).AddColumn(new TableColumn("memory").RightAligned())
            .AddColumn(new TableColumn("cmesh tasks").RightAligned()).AddColumn("engine");
        foreach (var view in nodes)
        {
            var node = view.Node;
            var state = $"{node.State} / {node.Availability}";
            table.AddRow(
                Markup.Escape(node.Hostname) + (view.IsLocal ? " *" : ""),
                node.Role + (node.IsLeader ? " (leader)" : ""),
                node.Schedulable ? state : $"[red]{state}[/]",
                Markup.Escape(node.Address),
                node.Cpus.ToString("0.##", CultureInfo.InvariantCulture),
                $"{(node.MemoryBytes / (1024.0 * 1024 * 1024)).ToString("F1", CultureInfo.InvariantCulture)} GiB",
                view.CmeshTasks.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(view.Endpoint ?? "-"));
        }

        var schedulable = nodes.Count(v => v.Node.Schedulable);
        return table.Caption(
            $"{nodes.Count} node(s), {schedulable} ready and active; * this CLI's engine; engine: the node's {SwarmLabels.Engine} label");
    }
}
