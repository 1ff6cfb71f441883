using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Docker.Swarm;

/// <summary>
/// A run's networks and members on a swarm: the same names, labels, environment, aliases and capabilities as the
/// local runner's containers (<see cref="MeshSpecs"/>), as attachable overlay networks and 1-replica services that
/// the swarm never restarts, each pinned to one node. Where they write and how they get the secrets differ: the
/// CLI's results folder exists on the CLI's own node only, so a peer elsewhere writes to a named volume of its node
/// (<see cref="RemoteRecords"/> brings its records back), and the secrets are swarm secrets.
/// </summary>
public static class SwarmSpecs
{
    /// <summary>The uid (and gid) the coordinator and peer images run as: they name no USER, so root, without capabilities.</summary>
    public const int ProcessUid = 0;

    /// <summary>The CLI's results folder, read-write: only for members on the CLI's own node.</summary>
    public static BindMount ResultsFolder(RunRequest request) => new(request.ResultsDirectory, Env.ResultsPath, ReadOnly: false);

    /// <summary>The named volume a peer on another node writes its results to, cmesh-RUN-results on that node, labelled with the run and its results folder.</summary>
    public static VolumeMount ResultsVolume(RunRequest request) => new(
        ResultsVolumeName(request.RunId),
        Env.ResultsPath,
        new Dictionary<string, string>(MeshLabels.ForRun(request.RunId)) { [MeshLabels.Results] = request.ResultsDirectory });

    public static string ResultsVolumeName(string runId) => RunId.ContainerName(runId, "results");

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

    /// <summary>The engine socket an agent mounts from its node unless CMESH_AGENT_SOCKET says otherwise.</summary>
    public const string DefaultAgentSocket = "/var/run/docker.sock";

    public static string AgentsNetworkName(string runId) => RunId.ContainerName(runId, "agents");

    /// <summary>Only the coordinator and the agents join it, never a peer: an agent relays to its node's engine socket, which is root there.</summary>
    public static NetworkSpec AgentsNetwork(string runId) => NetworkSpec.Overlay(AgentsNetworkName(runId), MeshLabels.ForRun(runId), @internal: true);

    /// <summary>
    /// The run's agent on every node the CLI cannot reach itself (global mode, kept off <paramref name="directNodeIds"/>):
    /// the coordinator's image in agent mode (the image every node gets for the run anyway), relaying TCP on the agents
    /// network to the node's engine socket, bind-mounted from <paramref name="socketSource"/> (swarm templates such as
    /// {{.Node.Hostname}} expand there). Not privileged, every capability dropped: the socket's owner is root, as the process.
    /// </summary>
    public static ServiceSpec Agent(RunRequest request, IReadOnlyList<string> directNodeIds, string socketSource) => new()
    {
        Name = RunId.ContainerName(request.RunId, MeshLabels.AgentRole),
        Image = request.Images.CoordinatorImage,
        Command = [MeshLabels.AgentRole],
        Labels = new Dictionary<string, string>(MeshLabels.ForRun(request.RunId)) { [MeshLabels.Role] = MeshLabels.AgentRole },
        Mounts = [new BindMount(socketSource, Env.AgentEngineSocket, ReadOnly: false)],
        Networks = [new NetworkAttachment(AgentsNetworkName(request.RunId), [Env.AgentAlias])],
        Constraints = directNodeIds.Select(id => $"node.id!={id}").ToList(),
        Global = true,
        Restart = ServiceRestartPolicy.OnFailure(5),
        CapDrop = ["ALL"],
    };

    /// <summary>The coordinator also on the agents network, with the token its tunnels to them ask for.</summary>
    public static ServiceSpec WithAgents(ServiceSpec coordinator, string runId, ServiceSecret agentToken) => coordinator with
    {
        Networks = [.. coordinator.Networks, new NetworkAttachment(AgentsNetworkName(runId), [])],
        Secrets = [.. coordinator.Secrets, agentToken],
    };

    /// <summary>
    /// The coordinator on the manager the CLI talks to, its API port published in host mode there (the CLI reaches it
    /// on 127.0.0.1); it writes to the CLI's results folder, which is on its node.
    /// </summary>
    public static ServiceSpec Coordinator(RunRequest request, IReadOnlyList<ServiceSecret> secrets, SwarmNode manager)
    {
        var container = OnNode(MeshSpecs.Coordinator(request, [ResultsFolder(request)]), manager);
        return FromContainer(container, ["node.role==manager", $"node.id=={manager.Id}"]) with
        {
            Ports = container.Ports.Select(p => new ServicePort(p.ContainerPort)).ToList(),
            Secrets = secrets,
        };
    }

    /// <summary>A peer pinned to its node: on the CLI's own node it writes to the results folder, elsewhere to the run's results volume there.</summary>
    public static ServiceSpec Peer(RunRequest request, string peerId, string dataSubnet, IReadOnlyList<ServiceSecret> secrets, SwarmNode node, bool onCliNode)
    {
        var service = FromContainer(OnNode(MeshSpecs.Peer(request, peerId, dataSubnet, onCliNode ? [ResultsFolder(request)] : []), node), [SwarmPlacement.Constraint(node)]);
        return service with { Volumes = onCliNode ? [] : [ResultsVolume(request)], Secrets = secrets };
    }

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
