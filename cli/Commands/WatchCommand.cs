using System.CommandLine;
using System.Threading.Channels;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;
using Spectre.Console;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh watch [run]`: follow the logs of every container of a run, each line prefixed with its container.</summary>
public static class WatchCommand
{
    private static readonly string[] Colours = ["aqua", "yellow", "lime", "fuchsia", "orange1", "deepskyblue1", "springgreen1", "violet"];

    public static Command Create(CliServices services)
    {
        var runId = new Argument<string?>("run") { Description = "The run (default: the newest)", Arity = ArgumentArity.ZeroOrOne };
        var tail = new Option<int?>("--tail") { Description = "Start with this many lines of each log (default: all)" };
        var command = new Command("watch", "Follow all container logs of a run, each line prefixed with its container") { runId, tail };
        command.SetAction(async (parse, ct) =>
        {
            var run = await RunSelection.RequireAsync(services, parse.GetValue(runId), ct);
            await FollowAsync(services.Engine, run, parse.GetValue(tail), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task FollowAsync(IDockerEngine engine, RunInventory run, int? tail, CancellationToken ct)
    {
        var lines = Channel.CreateUnbounded<(string Prefix, LogLine Line)>();
        var width = run.Containers.Select(Member).Max(m => m.Length);
        var pumps = run.Containers.Select((container, index) =>
        {
            var prefix = $"[{Colours[index % Colours.Length]}]{Markup.Escape(Member(container).PadRight(width))} |[/]";
            return PumpAsync(engine, container.Id, prefix, tail, lines.Writer, ct);
        }).ToList();
        _ = Task.WhenAll(pumps).ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            await foreach (var (prefix, line) in lines.Reader.ReadAllAsync(ct))
            {
                var text = Markup.Escape(line.Text);
                AnsiConsole.MarkupLine(line.Stream == LogStream.StdErr ? $"{prefix} [red]{text}[/]" : $"{prefix} {text}");
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C ends watching; the mesh keeps running.
        }
    }

    private static async Task PumpAsync(IDockerEngine engine, string containerId, string prefix, int? tail, ChannelWriter<(string, LogLine)> lines, CancellationToken ct)
    {
        try
        {
            await foreach (var line in engine.Containers.LogsAsync(containerId, new LogOptions(Follow: true, Tail: tail), ct))
            {
                await lines.WriteAsync((prefix, line), ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or DockerEngineException or HttpRequestException or IOException)
        {
            // That container's log ended or the container went away.
        }
    }

    private static string Member(ContainerSummary container) =>
        container.Labels.GetValueOrDefault(MeshLabels.Peer) ?? container.Labels.GetValueOrDefault(MeshLabels.Role) ?? container.Name;
}
