using System.CommandLine;
using CMesh.Cli.Input;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh dashboard [run]`: where the run's coordinator serves its live dashboard, on 127.0.0.1.</summary>
public static class DashboardCommand
{
    public static Command Create(CliServices services)
    {
        var runId = new Argument<string?>("run") { Description = "The run (default: the newest)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("dashboard", "Print the address of the run's live dashboard (served by its coordinator) to open in a browser") { runId };
        command.SetAction(async (parse, ct) =>
        {
            var run = await RunSelection.RequireAsync(services, parse.GetValue(runId), ct);
            services.Say.Raw(Docker.Coordinator.CoordinatorApi.Address(await RunSelection.CoordinatorPortAsync(services, run, ct)).ToString());
            return ExitCodes.Ok;
        });
        return command;
    }
}
