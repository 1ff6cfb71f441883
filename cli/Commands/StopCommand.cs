using System.CommandLine;
using CMesh.Cli.Input;
using CMesh.Cli.Output;
using CMesh.Cli.Running;
using CMesh.Docker.Mesh;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh stop [run]`: let the peers flush their records, then remove the run's containers and networks.</summary>
public static class StopCommand
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);

    public static Command Create(CliServices services)
    {
        var runId = new Argument<string?>("run") { Description = "The run to stop (default: the newest)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("stop", "Stop a run: the workload ends, peers flush their records, containers and networks are removed") { runId };
        command.SetAction(async (parse, ct) =>
        {
            var run = await RunSelection.RequireAsync(services, parse.GetValue(runId), ct);
            var teardown = new MeshTeardown(services.Engine, services.Clock);
            var graceful = await teardown.RequestStopAsync(run, Grace);
            // Counted before the records are collected, which stops the peers on other nodes.
            await TaskFailureReport.RecordAsync(services, run, ct);
            if (run.OnSwarm)
            {
                services.Say.Info($"swarm: {(await teardown.CollectRemoteRecordsAsync(run)).Describe()} brought into {run.ResultsDirectory}");
            }

            await teardown.RemoveAsync(run, "cmesh stop");
            services.Say.Info($"stopped run {run.RunId}{(graceful ? "" : " (the coordinator did not answer: peers were removed without a final flush)")}; results: {run.ResultsDirectory ?? "-"}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
