using CMesh.Docker.Coordinator;
using CMesh.Docker.Mesh;

namespace CMesh.Cli.Input;

/// <summary>Finds the run a command is about (named, else the newest) and its coordinator.</summary>
public static class RunSelection
{
    public static async Task<RunInventory> RequireAsync(CliServices services, string? runId, CancellationToken ct)
    {
        await services.RequireEngineAsync(ct);
        return await new MeshInventory(services.Engine).ResolveAsync(runId, ct)
            ?? throw new UsageException(runId is null ? "no mesh is running: start one with `cmesh run N`" : $"no run named {runId}: `cmesh ls` lists the runs");
    }

    public static async Task<CoordinatorApi> CoordinatorAsync(CliServices services, RunInventory run, CancellationToken ct) =>
        CoordinatorApi.At(await CoordinatorPortAsync(services, run, ct));

    /// <summary>The host port the run's coordinator is published on (127.0.0.1).</summary>
    public static async Task<int> CoordinatorPortAsync(CliServices services, RunInventory run, CancellationToken ct) =>
        await new MeshInventory(services.Engine).CoordinatorPortAsync(run, ct)
        ?? throw new InvalidOperationException($"the coordinator of run {run.RunId} is not running");
}
