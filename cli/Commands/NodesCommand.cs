using System.CommandLine;
using CMesh.Cli.Output;
using CMesh.Docker.Swarm;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh nodes`: the nodes of the Docker Swarm the engine manages, and the CMesh tasks on each.</summary>
public static class NodesCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("nodes", "List the nodes of the Docker Swarm the engine manages: role, state, address, CPUs and idle cores, memory and available memory (read on each node), CMesh tasks and engine endpoint");
        command.SetAction(async (_, ct) =>
        {
            await services.RequireEngineAsync(ct);
            try
            {
                services.Console.Write(SwarmTables.Nodes(await new SwarmInventory(services.Engine, services.Clock).NodesAsync(ct)));
                return ExitCodes.Ok;
            }
            catch (NotASwarmManagerException e)
            {
                services.Say.Error(e.Message);
                return ExitCodes.RunFailed;
            }
        });
        return command;
    }
}
