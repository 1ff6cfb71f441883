using System.CommandLine;
using System.Text.Json;
using CMesh.Cli.Diagnose;
using CMesh.Cli.Diagnose.Live;
using CMesh.Cli.Input;
using CMesh.Cli.Output;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Docker.Mesh;
using Spectre.Console;

namespace CMesh.Cli.Commands;

/// <summary>
/// `cmesh diagnose`: checks a run layer by layer and names the first broken one; `cmesh diagnose A B` follows a
/// probe update from peer A to peer B. Exit 0 when healthy (or the probe arrived), 1 otherwise.
/// </summary>
public static class DiagnoseCommand
{
    private static readonly TimeSpan CoordinatorLimit = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan PeerLimit = TimeSpan.FromSeconds(2);

    public static Command Create(CliServices services)
    {
        var peers = new Argument<string[]>("peers") { Description = "PEER_A PEER_B: follow a probe update from A to B", Arity = new ArgumentArity(0, 2) };
        var runId = new Option<string?>("--run") { Description = "The run (default: the newest)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for the probe at B", DefaultValueFactory = _ => "10s" };
        var command = new Command("diagnose", "Check the mesh layer by layer and name the first broken one; with two peers, follow a probe from one to the other")
        {
            peers, runId, json, timeout,
        };
        command.SetAction(async (parse, ct) =>
        {
            var names = parse.GetValue(peers) ?? [];
            var wait = DurationText.Positive(parse.GetValue(timeout)!, "--timeout");
            using var nodes = new HttpNodeProbe(PeerLimit);
            var facts = new DockerMeshFacts(services.Engine);
            return names.Length switch
            {
                0 => await DiagnoseAsync(services, facts, nodes, parse.GetValue(runId), parse.GetValue(json), ct),
                2 => await TraceAsync(services, facts, nodes, parse.GetValue(runId), names[0], names[1], wait, parse.GetValue(json), ct),
                _ => throw new UsageException("give two peers to follow a probe between them: cmesh diagnose PEER_A PEER_B"),
            };
        });
        return command;
    }

    private static async Task<int> DiagnoseAsync(CliServices services, IMeshFacts facts, INodeProbe nodes, string? runId, bool json, CancellationToken ct)
    {
        HttpCoordinatorProbe? coordinator = null;
        try
        {
            var diagnosis = MeshDiagnosis.Standard(facts, run => coordinator = new HttpCoordinatorProbe(run.CoordinatorPort!.Value, CoordinatorLimit, services.Clock), nodes, services.Clock);
            var report = await diagnosis.RunAsync(runId, ct);
            if (json)
            {
                services.Say.Raw(JsonSerializer.Serialize(report, CMeshJson.Indented));
            }
            else
            {
                services.Console.Write(DiagnosisOutput.Tree(report));
                if (DiagnosisOutput.ChaosInForce(report) is { } chaos)
                {
                    services.Console.MarkupLine($"[yellow]{Markup.Escape(chaos)}[/]");
                }

                services.Console.MarkupLine(report.Healthy ? $"[green]{Markup.Escape(DiagnosisOutput.Verdict(report))}[/]" : $"[red]{Markup.Escape(DiagnosisOutput.Verdict(report))}[/]");
            }

            return report.Healthy ? ExitCodes.Ok : ExitCodes.RunFailed;
        }
        finally
        {
            coordinator?.Dispose();
        }
    }

    private static async Task<int> TraceAsync(
        CliServices services, IMeshFacts facts, INodeProbe nodes, string? runId, string from, string to, TimeSpan wait, bool json, CancellationToken ct)
    {
        await facts.EngineVersionAsync(ct);
        var run = await facts.RunAsync(runId, ct)
            ?? throw new UsageException(runId is null ? "no mesh is running: start one with `cmesh run N`" : $"no run named {runId}: `cmesh ls` lists the runs");
        var peers = run.Peers.ToDictionary(p => p.Member);
        ContainerFact Peer(string name) => peers.GetValueOrDefault(name) ?? throw new UsageException($"no peer named {name} in run {run.RunId}");
        var (a, b) = (Peer(from), Peer(to));
        if (a == b)
        {
            throw new UsageException("give two different peers");
        }

        var trace = await new ProbeTrace(nodes, services.Clock).FollowAsync(run, a, b, await MeshOrNullAsync(run, services.Clock, ct), wait, ct);
        if (json)
        {
            services.Say.Raw(JsonSerializer.Serialize(trace, CMeshJson.Indented));
        }
        else
        {
            services.Console.Write(DiagnosisOutput.Trace(trace));
        }

        return trace.Reached ? ExitCodes.Ok : ExitCodes.RunFailed;
    }

    /// <summary>The mesh view tells where a probe stopped; without a coordinator the trace goes on without it.</summary>
    private static async Task<MeshView?> MeshOrNullAsync(RunFacts run, TimeProvider clock, CancellationToken ct)
    {
        if (run.CoordinatorPort is not { } port)
        {
            return null;
        }

        using var coordinator = new HttpCoordinatorProbe(port, CoordinatorLimit, clock);
        try
        {
            return await coordinator.MeshAsync(ct);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
