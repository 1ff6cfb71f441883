using System.CommandLine;
using System.Text.Json;
using CMesh.Cli.Input;
using CMesh.Cli.Output;
using CMesh.Common;
using CMesh.Docker.Coordinator;
using Spectre.Console;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh status [run]`: the mesh now, as the coordinator sees it.</summary>
public static class StatusCommand
{
    public static Command Create(CliServices services)
    {
        var runId = new Argument<string?>("run") { Description = "The run (default: the newest)", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the coordinator's status as JSON" };
        var command = new Command("status", "Show the mesh now: peers, their state, links and last heartbeat") { runId, json };
        command.SetAction(async (parse, ct) =>
        {
            var run = await RunSelection.RequireAsync(services, parse.GetValue(runId), ct);
            var port = await RunSelection.CoordinatorPortAsync(services, run, ct);
            using var coordinator = CoordinatorApi.At(port);
            var status = await coordinator.StatusAsync(ct);
            if (parse.GetValue(json))
            {
                services.Say.Raw(JsonSerializer.Serialize(status, CMeshJson.Indented));
            }
            else
            {
                services.Console.Write(MeshTables.Peers(status));
                services.Say.Info($"dashboard: {CoordinatorApi.Address(port)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
