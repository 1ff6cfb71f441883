using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Docker.Swarm;

/// <summary>What came back from other nodes: the records merged, and the nodes they came from.</summary>
public sealed record CollectedRecords(MergedRecords Records, IReadOnlyList<string> Nodes)
{
    public static CollectedRecords None { get; } = new(MergedRecords.None, []);

    public CollectedRecords Plus(CollectedRecords other) => new(Records.Plus(other.Records), Nodes.Union(other.Nodes).ToList());

    public string Describe() =>
        $"records of {Records.Peers.Count} peers on {Nodes.Count} other nodes: {Records.Files} files, {Records.Bytes / 1024.0:F0} KB"
        + (Records.KeptLocal > 0 ? $" ({Records.KeptLocal} longer local copies kept)" : "");
}

/// <summary>
/// Brings the records of peers on other nodes (which write to their node's results volume, <see cref="SwarmSpecs.ResultsVolume"/>)
/// back into the run's results folder, through each node's own engine: the archive of the volume's peers/ folder,
/// read from one of the run's task containers there (exited: a killed peer's too) or, when none is left, from a
/// container created on that node just to mount the volume, never started. The engine aborts an archive whose file
/// grows while it is packed, so the run's task containers on the node are stopped first (peers flush on SIGTERM).
/// </summary>
public sealed class RemoteRecords(IDockerEngine manager)
{
    /// <summary>How long a peer's task container has to flush and exit before the engine kills it.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private static readonly string PeersFolder = Env.ResultsPath + "/peers";

    /// <summary>The label Docker puts on every task's container.</summary>
    internal const string TaskLabel = "com.docker.swarm.task.id";

    /// <summary>A container of one of the run's members' tasks (not its agent's, which the CLI may be talking through).</summary>
    internal static bool IsMemberTask(ContainerSummary container) =>
        container.Labels.ContainsKey(TaskLabel) && container.Labels.GetValueOrDefault(MeshLabels.Role) != MeshLabels.AgentRole;

    /// <summary>
    /// While the run's task containers are still there (before its services go; it stops those on other nodes): the
    /// records of its peers on other nodes, merged into the results folder.
    /// </summary>
    public Task<CollectedRecords> CollectAsync(string runId, CancellationToken ct) =>
        EachVolumeAsync(MeshLabels.ForRun(runId), removeAfter: false, ct);

    /// <summary>
    /// Once no task container uses them: the records left on every results volume carrying the labels (one run's,
    /// or every CMesh run's for `cmesh clean`) merged into their results folders, then the volumes removed. A
    /// volume whose records cannot be brought back stays.
    /// </summary>
    public Task<CollectedRecords> DrainAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct) =>
        EachVolumeAsync(labels, removeAfter: true, ct);

    private async Task<CollectedRecords> EachVolumeAsync(IReadOnlyDictionary<string, string> labels, bool removeAfter, CancellationToken ct)
    {
        var collected = CollectedRecords.None;
        using var nodes = await NodeEngines.OpenAsync(manager, ct);
        foreach (var (_, hostname, node, _) in nodes.Others)
        {
            foreach (var volume in await node.Volumes.ListAsync(labels, ct))
            {
                MergedRecords? merged;
                try
                {
                    merged = await FromVolumeAsync(node, volume, useTaskContainer: !removeAfter, ct);
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    throw new InvalidOperationException($"the records on volume {volume.Name} of node {hostname} could not be brought back ({e.Message}); the volume stays: `cmesh clean` tries again", e);
                }

                if (merged is null)
                {
                    continue;
                }

                collected = collected.Plus(new CollectedRecords(merged, [hostname]));
                if (removeAfter)
                {
                    await node.Volumes.RemoveAsync(volume.Name, ct);
                }
            }
        }

        return collected;
    }

    /// <summary>Null when the volume names no results folder to bring its records to.</summary>
    private static async Task<MergedRecords?> FromVolumeAsync(IDockerEngine node, VolumeInfo volume, bool useTaskContainer, CancellationToken ct)
    {
        if (volume.Labels.GetValueOrDefault(MeshLabels.Results) is not { Length: > 0 } resultsDirectory
            || volume.Labels.GetValueOrDefault(MeshLabels.Run) is not { } runId)
        {
            return null;
        }

        var tasks = useTaskContainer
            ? (await node.Containers.ListAsync(MeshLabels.ForRun(runId), includeStopped: true, ct)).Where(IsMemberTask).ToList()
            : [];
        await Task.WhenAll(tasks.Where(t => t.State is "running" or "paused").Select(t => node.Containers.StopAsync(t.Id, StopGrace, ct)));
        var task = tasks.FirstOrDefault();
        if (task is not null && await node.Containers.GetArchiveAsync(task.Id, PeersFolder, ct) is { } fromTask)
        {
            await using (fromTask)
            {
                return await RecordArchive.MergeAsync(fromTask, resultsDirectory, ct);
            }
        }

        return await ThroughIdleContainerAsync(node, volume, runId, resultsDirectory, ct);
    }

    /// <summary>A container created (never started) on the node to mount the volume, so the engine can archive it; removed afterwards.</summary>
    private static async Task<MergedRecords> ThroughIdleContainerAsync(IDockerEngine node, VolumeInfo volume, string runId, string resultsDirectory, CancellationToken ct)
    {
        // Any image will do for a container that never starts: the run's, which the node holds.
        var image = (await node.Images.ListAsync(MeshLabels.AnyRun, ct)).FirstOrDefault()
            ?? throw new InvalidOperationException($"records of run {runId} are on volume {volume.Name}, but the node has no CMesh image to mount it with");
        var name = RunId.ContainerName(runId, "records");
        await node.Containers.RemoveAsync(name, force: true, ct);
        var id = await node.Containers.CreateAsync(
            new ContainerSpec
            {
                Name = name,
                Image = image.Id,
                Labels = new Dictionary<string, string>(MeshLabels.ForRun(runId)) { [MeshLabels.Role] = "records" },
                Volumes = [new VolumeMount(volume.Name, Env.ResultsPath, volume.Labels)],
                NetworkMode = "none",
            },
            ct);
        try
        {
            if (await node.Containers.GetArchiveAsync(id, PeersFolder, ct) is not { } archive)
            {
                return MergedRecords.None;
            }

            await using (archive)
            {
                return await RecordArchive.MergeAsync(archive, resultsDirectory, ct);
            }
        }
        finally
        {
            await node.Containers.RemoveAsync(id, force: true, CancellationToken.None);
        }
    }
}
