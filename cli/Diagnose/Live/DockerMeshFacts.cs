using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Cli.Diagnose.Live;

/// <summary>The engine's and a run's facts from the Docker Engine API; each container is inspected for its control-network address.</summary>
public sealed class DockerMeshFacts(IDockerEngine engine) : IMeshFacts
{
    public async Task<string> EngineVersionAsync(CancellationToken ct) => (await engine.System.VersionAsync(ct)).Version;

    public async Task<RunFacts?> RunAsync(string? runId, CancellationToken ct)
    {
        var inventory = new MeshInventory(engine);
        if (await inventory.ResolveAsync(runId, ct) is not { } run)
        {
            return null;
        }

        var control = RunId.ContainerName(run.RunId, "control");
        var data = RunId.ContainerName(run.RunId, "data");
        var containers = new ContainerFact[run.Containers.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, run.Containers.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (index, token) =>
            {
                var summary = run.Containers[index];
                var info = await engine.Containers.InspectAsync(summary.Id, token);
                string? Ip(string network) => info?.Networks.GetValueOrDefault(network)?.IpAddress is { Length: > 0 } address ? address : null;
                containers[index] = new ContainerFact(
                    summary.Labels.GetValueOrDefault(MeshLabels.Peer) ?? summary.Labels.GetValueOrDefault(MeshLabels.Role) ?? summary.Name,
                    summary.Labels.GetValueOrDefault(MeshLabels.Role) ?? "",
                    summary.State,
                    summary.Status,
                    Ip(control),
                    Ip(data));
            });
        return new RunFacts(
            run.RunId,
            run.Networks.Any(n => n.Name == control),
            run.Networks.Any(n => n.Name == data),
            containers,
            await inventory.CoordinatorPortAsync(run, ct),
            run.ResultsDirectory);
    }
}
