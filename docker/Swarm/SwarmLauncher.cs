using System.Diagnostics;
using CMesh.Common.Clocks;
using CMesh.Docker.Coordinator;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;
using CMesh.Docker.Results;
using CMesh.Docker.Swarm.Agents;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Docker.Swarm;

/// <summary>
/// Brings a mesh up on a swarm (<see cref="SwarmLayout"/> says where): the run's images copied to every node it uses
/// (or, with a <paramref name="registry"/>, pushed there for the nodes to pull),
/// the control and internal data networks as attachable overlays, the coordinator as a service on the manager with
/// its port published in host mode there, and each peer as a 1-replica service pinned to its node; the run's secrets
/// as swarm secrets (<see cref="SwarmSecrets"/>). Nodes the CLI cannot reach itself get the run's agent
/// (<see cref="SwarmSpecs.Agent"/>), and the CLI reaches them through the coordinator (<see cref="AgentTunnels"/>).
/// </summary>
/// <param name="registry">CMESH_REGISTRY: where the images go for the nodes to pull, and its login; null copies them to each node.</param>
/// <param name="agentSocket">CMESH_AGENT_SOCKET: the engine socket an agent mounts on its node.</param>
public sealed class SwarmLauncher(
    IDockerEngine engine,
    TimeProvider clock,
    SwarmLayout layout,
    IProgress<ImageCopyProgress>? imageProgress = null,
    ImageRegistry? registry = null,
    string agentSocket = SwarmSpecs.DefaultAgentSocket) : IMeshLauncher
{
    private static readonly TimeSpan CoordinatorLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SubnetLimit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan SubnetPoll = TimeSpan.FromMilliseconds(200);

    public async Task<RunningMesh> StartAsync(RunRequest request, IProgress<MeshProgress> progress, CancellationToken ct)
    {
        var took = Stopwatch.StartNew();
        string? pushedBaseImage = null;
        if (registry is null)
        {
            await CopyImagesAsync(request, progress, ct);
        }
        else
        {
            (request, pushedBaseImage) = await PublishImagesAsync(request, registry, progress, ct);
        }

        var copy = took.Elapsed;
        // Time to ready counts from the networks, as locally; the copy has its own figure (run.json's runner section).
        var startedAt = clock.GetUtcNow();

        progress.Report(new MeshProgress("networks", 0, 2));
        await engine.Networks.CreateAsync(SwarmSpecs.ControlNetwork(request.RunId), ct);
        await engine.Networks.CreateAsync(SwarmSpecs.DataNetwork(request.RunId), ct);
        var dataSubnet = await OverlaySubnetAsync(request.RunId, ct);
        progress.Report(new MeshProgress("networks", 2, 2));

        var secrets = await new SwarmSecrets(engine).CreateAsync(request.RunId, request.Secrets, ct);
        var coordinator = SwarmSpecs.Coordinator(request, secrets, layout.ManagerNode);
        if (layout.AgentNodes.Count > 0)
        {
            coordinator = await StartAgentsAsync(request, coordinator, ct);
        }

        var coordinatorService = await engine.Swarm.CreateServiceAsync(coordinator, registry?.Login, ct);

        // As locally, the peers start while the coordinator warms up: they retry their registration until it answers.
        var peerIds = await MeshLauncher.StartEachPeerAsync(
            request,
            progress,
            (peerId, token) =>
            {
                var node = layout.Peers[peerId];
                var peer = SwarmSpecs.Peer(request, peerId, dataSubnet, secrets, node, layout.Endpoints[node.Id] == NodeEndpoints.Local);
                return engine.Swarm.CreateServiceAsync(peer, registry?.Login, token);
            },
            ct);

        var port = await WaitForCoordinatorAsync(coordinatorService, coordinator.Name, ct);
        if (layout.AgentNodes.Count > 0)
        {
            // A registry is what gave these nodes the images (SwarmLayout refuses them otherwise); the chaos helpers' base comes through their agents.
            var agents = new AgentsReadiness(engine, clock);
            await agents.WaitAsync(request.RunId, layout.AgentNodes, ct);
            using var nodes = await NodeEngines.OpenAsync(engine, ct);
            var throughAgents = nodes.All.Where(n => n.ThroughAgent).ToList();
            await agents.WaitAnsweringAsync(throughAgents, ct);
            await PullBaseImageAsync(throughAgents, pushedBaseImage!, request.Images.BaseImage, registry?.Login, ct);
        }

        var runner = new RunnerRecord(RunnerRecord.SwarmName, layout.Placement(RunClocks.Coordinator), ImageCopySeconds: Math.Round(copy.TotalSeconds, 2), ImageRegistry: registry?.Address);
        return new RunningMesh(request.RunId, dataSubnet, port, peerIds, startedAt, runner);
    }

    /// <summary>
    /// The run's images pushed to the registry, and the services' images named there: each node's engine pulls them
    /// when its task starts. The base image is pulled on every other node now, under its local name, because chaos
    /// helpers run from it as plain containers, which an engine does not pull.
    /// </summary>
    private async Task<(RunRequest Request, string BaseImage)> PublishImagesAsync(RunRequest request, ImageRegistry registry, IProgress<MeshProgress> progress, CancellationToken ct)
    {
        var images = request.Images;
        var remote = RemoteNodes();
        progress.Report(new MeshProgress("images", 0, remote.Count + 1));
        var publisher = new RegistryPublisher(engine, registry);
        var pushed = await publisher.PushAsync([images.PeerImage, images.CoordinatorImage, images.BaseImage], ct);
        progress.Report(new MeshProgress("images", 1, remote.Count + 1));
        using var nodes = OpenRemoteNodes();
        await PullBaseImageAsync(nodes.All, pushed[2], images.BaseImage, registry.Login, ct);
        progress.Report(new MeshProgress("images", remote.Count + 1, remote.Count + 1));
        return (request with { Images = images with { PeerImage = pushed[0], CoordinatorImage = pushed[1] } }, pushed[2]);
    }

    private static Task PullBaseImageAsync(IReadOnlyList<NodeEngine> nodes, string pushed, string baseImage, RegistryLogin? login, CancellationToken ct) =>
        Task.WhenAll(nodes.Select(async node =>
        {
            try
            {
                await node.Engine.Images.PullAsync(pushed, login, ct);
                var colon = baseImage.LastIndexOf(':');
                await node.Engine.Images.TagAsync(pushed, baseImage[..colon], baseImage[(colon + 1)..], ct);
            }
            catch (DockerEngineException e)
            {
                throw new InvalidOperationException($"node {node.Hostname} could not pull {pushed} from CMESH_REGISTRY: {e.Message}", e);
            }
        }));

    /// <summary>
    /// The agents network and service, and the token the coordinator asks of tunnels to them: a swarm secret for the
    /// coordinator, a root-only file for this machine's later commands. Returns the coordinator joined to them.
    /// </summary>
    private async Task<ServiceSpec> StartAgentsAsync(RunRequest request, ServiceSpec coordinator, CancellationToken ct)
    {
        await engine.Networks.CreateAsync(SwarmSpecs.AgentsNetwork(request.RunId), ct);
        var token = await new SwarmSecrets(engine).CreateAsync(
            request.RunId, new Dictionary<string, string> { [Env.AgentTokenSecret] = AgentToken.Create(request.RunId) }, ct);
        await engine.Swarm.CreateServiceAsync(SwarmSpecs.Agent(request, layout.DirectNodeIds ?? [], agentSocket), registry?.Login, ct);
        return SwarmSpecs.WithAgents(coordinator, request.RunId, token[0]);
    }

    /// <summary>The nodes the run uses, but the manager, that the CLI reaches without an agent.</summary>
    /// <summary>
    /// The data overlay's subnet. The manager allocates an overlay's subnet a moment after creating the network, and
    /// on a busy host an inspect right after the create can find none yet (seen in CI), so it is asked again for a while.
    /// </summary>
    private async Task<string> OverlaySubnetAsync(string runId, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + SubnetLimit;
        while (true)
        {
            try
            {
                return await new MeshLauncher(engine, clock).DataSubnetAsync(runId, ct);
            }
            catch (InvalidOperationException) when (clock.GetUtcNow() < deadline)
            {
                await Task.Delay(SubnetPoll, clock, ct);
            }
        }
    }

    private List<SwarmNode> RemoteNodes() => layout.Nodes.Where(n => layout.Endpoints[n.Id] is not (NodeEndpoints.Local or NodeEndpoints.Agent)).ToList();

    private NodeEngines OpenRemoteNodes() => NodeEngines.Open(engine, RemoteNodes().Select(n => (n, layout.Endpoints[n.Id])));

    /// <summary>The run's images to every node it uses but the manager (the CLI's own engine, which built them).</summary>
    private async Task CopyImagesAsync(RunRequest request, IProgress<MeshProgress> progress, CancellationToken ct)
    {
        var remote = RemoteNodes();
        progress.Report(new MeshProgress("images", 0, remote.Count));
        using var nodes = OpenRemoteNodes();
        var targets = nodes.All.Select(n => new ImageCopyTarget(n.Hostname, n.Engine)).ToList();

        // The base image too: chaos helpers and the kernel probe run from it beside the tasks on each node.
        await new ImageCopier(engine).CopyAsync([request.Images.PeerImage, request.Images.CoordinatorImage, request.Images.BaseImage], targets, imageProgress, ct);
        progress.Report(new MeshProgress("images", remote.Count, remote.Count));
    }

    /// <summary>
    /// Waits until the coordinator's task runs on the manager, reads the port the manager's engine published for it,
    /// and waits until the coordinator answers there. A task that failed or was rejected ends the wait with its error.
    /// </summary>
    private async Task<int> WaitForCoordinatorAsync(string serviceId, string name, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + CoordinatorLimit;
        int? port = null;
        while (true)
        {
            if (port is null)
            {
                var task = (await engine.Swarm.ListTasksAsync([serviceId], ct)).OrderByDescending(t => t.Timestamp).FirstOrDefault();
                if (task is { State: "failed" or "rejected" or "shutdown" or "complete" })
                {
                    throw new InvalidOperationException($"the coordinator's task {task.State}: {task.Error}{(task.Error.Length > 0 ? "" : task.Message)}");
                }

                if (task is { State: "running", ContainerId.Length: > 0 }
                    && (await engine.Containers.InspectAsync(task.ContainerId, ct))?.PublishedTcpPorts.GetValueOrDefault(Env.CoordinatorPort) is > 0 and var published)
                {
                    port = published;
                }
            }

            if (port is { } known)
            {
                using var api = CoordinatorApi.At(known);
                if (await api.IsHealthyAsync(ct))
                {
                    return known;
                }
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new InvalidOperationException($"the coordinator did not come up within {CoordinatorLimit.TotalSeconds:F0} s; see `docker service ps {name} --no-trunc` and `docker service logs {name}`");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), clock, ct);
        }
    }
}
