using System.CommandLine;
using CMesh.Cli.Output;
using CMesh.Docker.Mesh;
using Spectre.Console;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh ls`: the runs the engine holds and their containers.</summary>
public static class LsCommand
{
    public static Command Create(CliServices services)
    {
        var all = new Option<bool>("--containers", "-a") { Description = "List every container, not only counts" };
        var command = new Command("ls", "List runs and their containers") { all };
        command.SetAction(async (parse, ct) =>
        {
            await services.RequireEngineAsync(ct);
            var runs = await new MeshInventory(services.Engine).ListAsync(ct);
            if (runs.Count == 0)
            {
                services.Say.Info("no runs");
                return ExitCodes.Ok;
            }

            services.Console.Write(MeshTables.Runs(runs, parse.GetValue(all)));
            return ExitCodes.Ok;
        });
        return command;
    }
}
