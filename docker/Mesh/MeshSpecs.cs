using System.Text.Json;
using CMesh.Docker.Engine;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Docker.Mesh;

/// <summary>
/// What a run's networks and containers are: names, labels, environment, mounts, networks and aliases. The one
/// description every way of starting a mesh (the CLI's launcher, the Testcontainers API) creates from.
/// </summary>
public static class MeshSpecs
{
    /// <summary>The host address ports are published on: the mesh is reachable from this machine only.</summary>
    public const string PublishedOn = "127.0.0.1";

    public static NetworkSpec ControlNetwork(string runId) => new(RunId.ContainerName(runId, "control"), MeshLabels.ForRun(runId), Internal: false);

    /// <summary>Internal: peer-to-peer sync only, so faults injected on it never cut the harness off.</summary>
    public static NetworkSpec DataNetwork(string runId) => new(RunId.ContainerName(runId, "data"), MeshLabels.ForRun(runId), Internal: true);

    public static IReadOnlyList<string> PeerIds(int peers) => Enumerable.Range(1, peers).Select(i => $"peer-{i}").ToList();

    /// <summary>Writes the run's secrets to files and returns the mounts every container gets: results read-write, secrets read-only.</summary>
    public static IReadOnlyList<BindMount> Mounts(RunRequest request) =>
    [
        new BindMount(request.ResultsDirectory, Env.ResultsPath, ReadOnly: false),
        new BindMount(SecretFiles.Write(request.RunId, request.Secrets), Env.SecretsPath, ReadOnly: true),
    ];

    public static ContainerSpec Coordinator(RunRequest request, IReadOnlyList<BindMount> mounts)
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
            [Env.SettleSeconds] = plan.SettleSeconds.ToString(),
            [Env.Gossip] = plan.Gossip.ToString(),
        };
        if (plan.DurationSeconds is { } duration)
        {
            environment[Env.DurationSeconds] = duration.ToString();
        }

        if (plan.WorkloadSeed is { } seed)
        {
            environment[Env.WorkloadSeed] = seed.ToString();
        }

        return new ContainerSpec
        {
            Name = RunId.ContainerName(request.RunId, MeshLabels.CoordinatorRole),
            Hostname = MeshLabels.CoordinatorRole,
            Image = request.Images.CoordinatorImage,
            Environment = environment,
            Labels = Labels(request, MeshLabels.CoordinatorRole),
            Mounts = mounts,
            Networks = [new NetworkAttachment(ControlNetwork(request.RunId).Name, [Env.CoordinatorAlias])],
            Ports = [new PortPublish(Env.CoordinatorPort, PublishedOn)],
            CapDrop = ["ALL"],
        };
    }

    public static ContainerSpec Peer(RunRequest request, string peerId, string dataSubnet, IReadOnlyList<BindMount> mounts) => new()
    {
        Name = RunId.ContainerName(request.RunId, peerId),
        Hostname = peerId,
        Image = request.Images.PeerImage,
        Environment = PeerEnvironment(request, peerId, dataSubnet),
        Labels = new Dictionary<string, string>(Labels(request, MeshLabels.PeerRole)) { [MeshLabels.Peer] = peerId },
        Mounts = mounts,
        Networks =
        [
            new NetworkAttachment(ControlNetwork(request.RunId).Name, [peerId]),
            new NetworkAttachment(DataNetwork(request.RunId).Name, [peerId]),
        ],
        CapDrop = ["ALL"],
    };

    private static Dictionary<string, string> PeerEnvironment(RunRequest request, string peerId, string dataSubnet)
    {
        var environment = new Dictionary<string, string>
        {
            [Env.RunId] = request.RunId,
            [Env.PeerId] = peerId,
            [Env.CoordinatorUrl] = $"http://{Env.CoordinatorAlias}:{Env.CoordinatorPort}/",
            [Env.DataSubnet] = dataSubnet,
        };
        if (request.Images.Engine is { IsBuiltIn: false } engine)
        {
            environment[Env.EngineName] = engine.Name;
            environment[Env.EngineAdapter] = JsonSerializer.Serialize(engine.Adapter);
        }

        return environment;
    }

    private static Dictionary<string, string> Labels(RunRequest request, string role) => new(MeshLabels.ForRun(request.RunId))
    {
        [MeshLabels.Role] = role,
        [MeshLabels.Results] = request.ResultsDirectory,
    };
}
