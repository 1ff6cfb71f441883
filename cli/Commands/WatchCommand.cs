using System.CommandLine;
using System.Threading.Channels;
using CMesh.Cli.Input;
using CMesh.Docker.Chaos.Injection;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Cli.Commands;

/// <summary>
/// `cmesh watch [run]`: follow the logs of every container of a run, each line prefixed with its container; on a swarm
/// run, each member's task container through its own node's engine.
/// </summary>
public static class WatchCommand
{
    private static readonly int[] Colours = [36, 33, 32, 35, 94, 96, 92, 95];

    public static Command Create(CliServices services)
    {
        var runId = new Argument<string?>("run") { Description = "The run (default: the newest)", Arity = ArgumentArity.ZeroOrOne };
        var tail = new Option<int?>("--tail") { Description = "Start with this many lines of each log (default: all)" };
        var command = new Command("watch", "Follow all container logs of a run, each line prefixed with its container") { runId, tail };
        command.SetAction(async (parse, ct) =>
        {
            var run = await RunSelection.RequireAsync(services, parse.GetValue(runId), ct);
            await FollowAsync(services, run, parse.GetValue(tail), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task FollowAsync(CliServices services, RunInventory run, int? tail, CancellationToken ct)
    {
        using var reach = await MeshReach.OpenAsync(services.Engine, run, services.Clock, ct);
        var sources = run.OnSwarm
            ? (await reach.Members.ReadAsync(ct)).Select(m => (Name: m.Name, Engine: reach.Engines.For(m), Id: m.ContainerId)).ToList()
            : run.Containers.Select(c => (Name: Member(c), Engine: services.Engine, Id: c.Id)).ToList();
        var lines = Channel.CreateUnbounded<(string Prefix, LogLine Line)>();
        var width = sources.Select(s => s.Name.Length).DefaultIfEmpty(0).Max();
        var pumps = sources.Select((source, index) =>
        {
            var name = $"{source.Name.PadRight(width)} |";
            var prefix = Console.IsOutputRedirected ? name : $"\e[{Colours[index % Colours.Length]}m{name}\e[0m";
            return PumpAsync(source.Engine, source.Id, prefix, tail, lines.Writer, ct);
        }).ToList();
        _ = Task.WhenAll(pumps).ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            // Plain writes, not Spectre's: a log line must never be wrapped or re-styled.
            await foreach (var (prefix, line) in lines.Reader.ReadAllAsync(ct))
            {
                var stdErr = line.Stream == LogStream.StdErr && !Console.IsOutputRedirected;
                services.Say.Raw(stdErr ? $"{prefix} \e[31m{line.Text}\e[0m" : $"{prefix} {line.Text}");
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
