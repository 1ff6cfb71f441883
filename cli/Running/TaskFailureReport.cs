using CMesh.Docker.Chaos.Injection;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;
using CMesh.Docker.Results;
using CMesh.Docker.Swarm;

namespace CMesh.Cli.Running;

/// <summary>
/// A swarm run's failed or rejected tasks, counted before its services are removed (removal takes the task history
/// with it): into run.json's runner section, and one line on the console. Tasks that the run's own kill, stop,
/// restart or churn faults ended (chaos.csv says when they held) are counted apart.
/// </summary>
public static class TaskFailureReport
{
    public static async Task RecordAsync(CliServices services, RunInventory run, CancellationToken ct)
    {
        if (!run.OnSwarm)
        {
            return;
        }

        var chaos = run.ResultsDirectory is { } results ? await ChaosEventLog.ForRun(results).ReadAsync(ct) : [];
        var failures = await TaskFailures.CountAsync(services.Engine, run, chaos, ct);
        if (run.ResultsDirectory is { } directory && await RunManifest.ReadAsync(directory, ct) is { } manifest)
        {
            var runner = manifest.Runner ?? new RunnerRecord(RunnerRecord.SwarmName);
            await (manifest with
            {
                Runner = runner with { FailedTasks = failures.Total, FailedTasksByMember = failures.ByMember, TasksEndedByChaos = failures.EndedByChaos },
            }).WriteAsync(directory, ct);
        }

        var perMember = failures.ByMember.Count > 0 ? $" ({string.Join(", ", failures.ByMember.Select(f => $"{f.Key}: {f.Value}"))})" : "";
        var byChaos = failures.EndedByChaos > 0 ? $"; {failures.EndedByChaos} more ended by the run's kill, stop, restart or churn faults" : "";
        var line = $"swarm tasks failed or rejected: {failures.Total}{perMember}{byChaos}";
        if (failures.Total > 0)
        {
            services.Say.Warning(line);
        }
        else
        {
            services.Say.Info(line);
        }
    }
}
