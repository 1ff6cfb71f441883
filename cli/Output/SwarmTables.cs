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
            .AddColumn(new TableColumn("CPUs").RightAligned()).AddColumn(new TableColumn("idle").RightAligned())
            .AddColumn(new TableColumn("memory").RightAligned()).AddColumn(new TableColumn("available").RightAligned())
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
                view.Free is { } idle ? idle.IdleCores.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                Gib(node.MemoryBytes),
                view.Free is { } free ? Gib(free.MemoryAvailableBytes) : "-",
                view.CmeshTasks.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(view.Endpoint ?? "-"));
        }

        var schedulable = nodes.Count(v => v.Node.Schedulable);
        return table.Caption(
            $"{nodes.Count} node(s), {schedulable} ready and active; * this CLI's engine; engine: the node's {SwarmLabels.Engine} label; " +
            "idle (cores) and available (memory): read on the node over one second, - where its engine is out of reach or holds no CMesh image yet");
    }

    private static string Gib(long bytes) => $"{(bytes / (1024.0 * 1024 * 1024)).ToString("F1", CultureInfo.InvariantCulture)} GiB";
}
