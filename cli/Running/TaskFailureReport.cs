using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;
using CMesh.Docker.Results;
using CMesh.Docker.Swarm;

namespace CMesh.Cli.Running;

/// <summary>
/// A swarm run's failed or rejected tasks, counted before its services are removed (removal takes the task history
/// with it): into run.json's runner section, and one line on the console.
/// </summary>
public static class TaskFailureReport
{
    public static async Task RecordAsync(CliServices services, RunInventory run, CancellationToken ct)
    {
        if (!run.OnSwarm)
        {
            return;
        }

        var failures = await TaskFailures.CountAsync(services.Engine, run, ct);
        if (run.ResultsDirectory is { } directory && await RunManifest.ReadAsync(directory, ct) is { } manifest)
        {
            var runner = manifest.Runner ?? new RunnerRecord(RunnerRecord.SwarmName);
            await (manifest with { Runner = runner with { FailedTasks = failures.Values.Sum(), FailedTasksByMember = failures } }).WriteAsync(directory, ct);
        }

        var line = $"swarm tasks failed or rejected: {failures.Values.Sum()}{(failures.Count > 0 ? $" ({string.Join(", ", failures.Select(f => $"{f.Key}: {f.Value}"))})" : "")}";
        if (failures.Count > 0)
        {
            services.Say.Warning(line);
        }
        else
        {
            services.Say.Info(line);
        }
    }
}
