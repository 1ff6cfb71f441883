using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Swarm;

/// <summary>
/// A run's networks and members on a swarm: the same names, labels, environment, mounts, aliases and capabilities as
/// the local runner's containers (<see cref="MeshSpecs"/>), as attachable overlay networks and 1-replica services that
/// the swarm never restarts, each pinned to one node.
/// </summary>
public static class SwarmSpecs
{
    public static NetworkSpec ControlNetwork(string runId)
    {
        var local = MeshSpecs.ControlNetwork(runId);
        return NetworkSpec.Overlay(local.Name, local.Labels, local.Internal);
    }

    public static NetworkSpec DataNetwork(string runId)
    {
        var local = MeshSpecs.DataNetwork(runId);
        return NetworkSpec.Overlay(local.Name, local.Labels, local.Internal);
    }

    /// <summary>The coordinator on the manager the CLI talks to, its API port published in host mode there (the CLI reaches it on 127.0.0.1).</summary>
    public static ServiceSpec Coordinator(RunRequest request, IReadOnlyList<BindMount> mounts, SwarmNode manager)
    {
        var container = OnNode(MeshSpecs.Coordinator(request, mounts), manager);
        return FromContainer(container, ["node.role==manager", $"node.id=={manager.Id}"]) with
        {
            Ports = container.Ports.Select(p => new ServicePort(p.ContainerPort)).ToList(),
        };
    }

    public static ServiceSpec Peer(RunRequest request, string peerId, string dataSubnet, IReadOnlyList<BindMount> mounts, SwarmNode node) =>
        FromContainer(OnNode(MeshSpecs.Peer(request, peerId, dataSubnet, mounts), node), [SwarmPlacement.Constraint(node)]);

    /// <summary>Labelled with its node's hostname, so faults can pick members by node (label cmesh.node=HOST, the nodes partition).</summary>
    private static ContainerSpec OnNode(ContainerSpec container, SwarmNode node) =>
        container with { Labels = new Dictionary<string, string>(container.Labels) { [MeshLabels.Node] = node.Hostname } };

    /// <summary>
    /// The service whose one task runs the container: named like it (its task's container is then NAME.1.TASKID),
    /// the container's labels on the service and the task's container alike. Restart none: a peer that ends stays
    /// ended, as a local container does, and a failed task is counted, not hidden by a new one.
    /// </summary>
    public static ServiceSpec FromContainer(ContainerSpec container, IReadOnlyList<string> constraints) => new()
    {
        Name = container.Name,
        Image = container.Image,
        Command = container.Command,
        Environment = container.Environment,
        Labels = container.Labels,
        Mounts = container.Mounts,
        Networks = container.Networks,
        Constraints = constraints,
        Replicas = 1,
        Restart = ServiceRestartPolicy.None,
        CapAdd = container.CapAdd,
        CapDrop = container.CapDrop,
        Hostname = container.Hostname,
        Init = container.Init,
        MemoryLimitBytes = container.MemoryLimitBytes,
    };
}
