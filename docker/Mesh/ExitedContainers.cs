using CMesh.Docker.Engine;

namespace CMesh.Docker.Mesh;

/// <summary>A container of a run that is no longer running, with the end of its log.</summary>
public sealed record ExitedContainer(string Member, long ExitCode, IReadOnlyList<string> LastLines);

/// <summary>Finds the containers of a run that died, so a failed bring-up can say which and why before teardown.</summary>
public sealed class ExitedContainers(IDockerEngine engine)
{
    public async Task<IReadOnlyList<ExitedContainer>> FindAsync(RunInventory run, int lines, CancellationToken ct)
    {
        var exited = new List<ExitedContainer>();
        foreach (var container in run.Containers.Where(c => c.State is "exited" or "dead"))
        {
            var info = await engine.Containers.InspectAsync(container.Id, ct);
            var log = new List<string>();
            await foreach (var line in engine.Containers.LogsAsync(container.Id, new LogOptions(Follow: false, Tail: lines), ct))
            {
                log.Add(line.Text);
            }

            exited.Add(new ExitedContainer(container.Labels.GetValueOrDefault(MeshLabels.Peer) ?? container.Name, info?.ExitCode ?? -1, log));
        }

        return exited;
    }
}
