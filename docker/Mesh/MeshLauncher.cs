using CMesh.Common;
using CMesh.Docker.Coordinator;
using CMesh.Docker.Engine;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Docker.Mesh;

/// <summary>
/// Brings a mesh up: a control network (coordinator, heartbeats, plan) and a data network (peer-to-peer sync) so
/// that faults on the data network never cut the harness off; then the coordinator, then the peers in parallel.
/// </summary>
public sealed class MeshLauncher(IDockerEngine engine, TimeProvider clock)
{
    public async Task<RunningMesh> StartAsync(RunRequest request, IProgress<MeshProgress> progress, CancellationToken ct)
    {
        var startedAt = clock.GetUtcNow();
        var runLabels = MeshLabels.ForRun(request.RunId);
        var control = RunId.ContainerName(request.RunId, "control");
        var data = RunId.ContainerName(request.RunId, "data");
        progress.Report(new MeshProgress("networks", 0, 2));
        await engine.Networks.CreateAsync(new NetworkSpec(control, runLabels, Internal: false), ct);
        await engine.Networks.CreateAsync(new NetworkSpec(data, runLabels, Internal: true), ct);
        var dataSubnet = (await engine.Networks.InspectAsync(data, ct))?.Subnets.FirstOrDefault()
            ?? throw new InvalidOperationException($"network {data} has no subnet");
        progress.Report(new MeshProgress("networks", 2, 2));

        var secrets = SecretFiles.Write(request.RunId, request.Secrets);
        var mounts = new[]
        {
            new BindMount(request.ResultsDirectory, Env.ResultsPath, ReadOnly: false),
            new BindMount(secrets, Env.SecretsPath, ReadOnly: true),
        };

        progress.Report(new MeshProgress("coordinator", 0, 1));
        var coordinatorPort = await StartCoordinatorAsync(request, control, mounts, ct);
        progress.Report(new MeshProgress("coordinator", 1, 1));

        var peerIds = Enumerable.Range(1, request.Plan.Peers).Select(i => $"peer-{i}").ToList();
        var started = 0;
        progress.Report(new MeshProgress("peers", 0, peerIds.Count));
        await Parallel.ForEachAsync(
            peerIds,
            new ParallelOptions { MaxDegreeOfParallelism = request.StartParallelism, CancellationToken = ct },
            async (peerId, token) =>
            {
                var id = await engine.Containers.CreateAsync(PeerSpec(request, peerId, control, data, dataSubnet, mounts), token);
                await engine.Containers.StartAsync(id, token);
                progress.Report(new MeshProgress("peers", Interlocked.Increment(ref started), peerIds.Count));
            });

        return new RunningMesh(request.RunId, dataSubnet, coordinatorPort, peerIds, startedAt);
    }

    private async Task<int> StartCoordinatorAsync(RunRequest request, string controlNetwork, IReadOnlyList<BindMount> mounts, CancellationToken ct)
    {
        var plan = request.Plan;
        var environment = new Dictionary<string, string>
        {
            [Env.RunId] = request.RunId,
            [Env.ExpectedPeers] = plan.Peers.ToString(),
            [Env.WriteIntervalMs] = plan.WriteIntervalMs.ToString(),
            [Env.PayloadBytes] = plan.PayloadBytes.ToString(),
            [Env.Degree] = plan.Degree.ToString(),
            [Env.MaxDegree] = plan.MaxDegree.ToString(),
            [Env.HeartbeatIntervalMs] = plan.HeartbeatIntervalMs.ToString(),
            [Env.HeartbeatTimeoutMs] = plan.HeartbeatTimeoutMs.ToString(),
            [Env.SyncMode] = plan.Sync.ToString(),
            [Env.FreshnessBoundMs] = plan.FreshnessBoundMs.ToString(),
        };
        if (plan.DurationSeconds is { } duration)
        {
            environment[Env.DurationSeconds] = duration.ToString();
        }

        var spec = new ContainerSpec
        {
            Name = RunId.ContainerName(request.RunId, MeshLabels.CoordinatorRole),
            Hostname = MeshLabels.CoordinatorRole,
            Image = request.Images.CoordinatorImage,
            Environment = environment,
            Labels = Labels(request, MeshLabels.CoordinatorRole),
            Mounts = mounts,
            Networks = [new NetworkAttachment(controlNetwork, [Env.CoordinatorAlias])],
            Ports = [new PortPublish(Env.CoordinatorPort, "127.0.0.1")],
            CapDrop = ["ALL"],
        };
        var id = await engine.Containers.CreateAsync(spec, ct);
        await engine.Containers.StartAsync(id, ct);
        var info = await engine.Containers.InspectAsync(id, ct);
        var port = info?.PublishedTcpPorts.GetValueOrDefault(Env.CoordinatorPort)
            ?? throw new InvalidOperationException("the coordinator's status port was not published");

        using var api = CoordinatorApi.At(port);
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (!await api.IsHealthyAsync(ct))
        {
            if (clock.GetUtcNow() > deadline || (await engine.Containers.InspectAsync(id, ct))?.Running != true)
            {
                throw new InvalidOperationException($"the coordinator did not come up; see `docker logs {spec.Name}`");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        return port;
    }

    private static ContainerSpec PeerSpec(RunRequest request, string peerId, string control, string data, string dataSubnet, IReadOnlyList<BindMount> mounts) => new()
    {
        Name = RunId.ContainerName(request.RunId, peerId),
        Hostname = peerId,
        Image = request.Images.PeerImage,
        Environment = new Dictionary<string, string>
        {
            [Env.RunId] = request.RunId,
            [Env.PeerId] = peerId,
            [Env.CoordinatorUrl] = $"http://{Env.CoordinatorAlias}:{Env.CoordinatorPort}/",
            [Env.DataSubnet] = dataSubnet,
        },
        Labels = new Dictionary<string, string>(Labels(request, MeshLabels.PeerRole)) { [MeshLabels.Peer] = peerId },
        Mounts = mounts,
        Networks = [new NetworkAttachment(control, [peerId]), new NetworkAttachment(data, [peerId])],
        CapDrop = ["ALL"],
    };

    private static Dictionary<string, string> Labels(RunRequest request, string role) => new(MeshLabels.ForRun(request.RunId))
    {
        [MeshLabels.Role] = role,
        [MeshLabels.Results] = request.ResultsDirectory,
    };
}
