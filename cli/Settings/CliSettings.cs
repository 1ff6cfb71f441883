using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Docker.Images;
using CMesh.Docker.Swarm;

namespace CMesh.Cli.Settings;

/// <summary>
/// The driver's settings: CMESH_* variables from the environment, else from .env at the repository root, else the
/// defaults documented in .env.example.
/// </summary>
/// <param name="PeerPublish">How the peer image's binary is compiled: Native AOT, or ReadyToRun to compare.</param>
/// <param name="Plan">The test plan a run starts from (its peer count and duration come from the command line).</param>
/// <param name="Registry">CMESH_REGISTRY: the registry (HOST[:PORT][/PATH]) a swarm run pushes its images to; null copies them to each node.</param>
/// <param name="AgentSocket">CMESH_AGENT_SOCKET: the engine socket a swarm run's agent mounts on its node; swarm templates such as {{.Node.Hostname}} are expanded there.</param>
public sealed partial record CliSettings(
    string Home,
    string ResultsRoot,
    BaseImageSettings BaseImage,
    PublishMode PeerPublish,
    int MaxPeers,
    int ReadyTimeoutSeconds,
    int StartParallelism,
    TestPlan Plan,
    string? Registry = null,
    string AgentSocket = SwarmSpecs.DefaultAgentSocket)
{
    public static CliSettings Load(string home)
    {
        var file = DotEnvFile.Read(Path.Combine(home, ".env"));
        string? Get(string name) =>
            Environment.GetEnvironmentVariable(name) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : file.TryGetValue(name, out var fromFile) && fromFile.Length > 0 ? fromFile
            : null;
        int Int(string name, int fallback, int min, int max)
        {
            var text = Get(name);
            if (text is null)
            {
                return fallback;
            }

            return int.TryParse(text, out var value) && value >= min && value <= max
                ? value
                : throw new UsageException($"{name}={text}: expected a whole number from {min} to {max}");
        }

        var results = Get("CMESH_RESULTS_DIR") ?? "results";
        var degree = Int("CMESH_DEGREE", 4, 1, 64);
        return new CliSettings(
            home,
            Path.GetFullPath(results, home),
            new BaseImageSettings(Get("CMESH_BASE_IMAGE"), Get("CMESH_DEBIAN_SUITE") ?? BaseImageSettings.DefaultSuite, Get("CMESH_DEBIAN_MIRROR")),
            Get("CMESH_PEER_PUBLISH") is { } publish
                ? PublishMode.Find(publish) ?? throw new UsageException($"CMESH_PEER_PUBLISH={publish}: expected aot or r2r")
                : AppImage.Peer.Publish,
            Int("CMESH_MAX_PEERS", 1000, 1, 1000),
            Int("CMESH_READY_TIMEOUT_S", 180, 1, 3600),
            Int("CMESH_START_PARALLELISM", 8, 1, 64),
            new TestPlan(
                Peers: 0,
                WriteIntervalMs: Int("CMESH_WRITE_INTERVAL_MS", 1000, TestPlan.MinWriteIntervalMs, TestPlan.MaxWriteIntervalMs),
                PayloadBytes: Int("CMESH_PAYLOAD_BYTES", 64, 0, 65536),
                Degree: degree,
                MaxDegree: Int("CMESH_MAX_DEGREE", 2 * degree, degree, 256),
                HeartbeatIntervalMs: Int("CMESH_HEARTBEAT_INTERVAL_MS", 1000, 50, 60_000),
                HeartbeatTimeoutMs: Int("CMESH_HEARTBEAT_TIMEOUT_MS", 5000, 100, 600_000),
                DurationSeconds: null,
                Sync: Get("CMESH_SYNC_MODE") is { } mode
                    ? Enum.TryParse<SyncMode>(mode, ignoreCase: true, out var sync) ? sync : throw new UsageException($"CMESH_SYNC_MODE={mode}: expected delta or full")
                    : SyncMode.Delta,
                FreshnessBoundMs: Int("CMESH_FRESHNESS_BOUND_MS", 5000, 1, 3_600_000),
                SettleSeconds: Int("CMESH_SETTLE_S", 30, 0, TestPlan.MaxSettleSeconds),
                Gossip: Get("CMESH_GOSSIP") is { } gossipMode
                    ? Enum.TryParse<GossipMode>(gossipMode, ignoreCase: true, out var gossip) ? gossip : throw new UsageException($"CMESH_GOSSIP={gossipMode}: expected flood or lazy")
                    : GossipMode.Flood),
            Get("CMESH_REGISTRY") is { } registry ? ValidRegistry(registry) : null,
            Get("CMESH_AGENT_SOCKET") is { } socket
                ? socket.StartsWith('/') ? socket : throw new UsageException($"CMESH_AGENT_SOCKET={socket}: expected an absolute path on the nodes, as in {SwarmSpecs.DefaultAgentSocket}")
                : SwarmSpecs.DefaultAgentSocket);
    }

    /// <summary>HOST[:PORT][/PATH], as a registry is named in front of an image: no scheme, no tag.</summary>
    private static string ValidRegistry(string text) =>
        RegistryForm().IsMatch(text)
            ? text.TrimEnd('/')
            : throw new UsageException($"CMESH_REGISTRY={text}: expected HOST[:PORT][/PATH], as in registry.example:5000 (no scheme, no image name)");

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9._-]+)*/?$")]
    private static partial System.Text.RegularExpressions.Regex RegistryForm();

    /// <summary>Secrets from .secret.env: CMESH_SWARM_KEY becomes the file swarm_key, and so on.</summary>
    public IReadOnlyDictionary<string, string> LoadSecrets() =>
        DotEnvFile.Read(Path.Combine(Home, ".secret.env"))
            .ToDictionary(kv => SecretFileName(kv.Key), kv => kv.Value);

    private static string SecretFileName(string key) =>
        (key.StartsWith("CMESH_", StringComparison.Ordinal) ? key["CMESH_".Length..] : key).ToLowerInvariant();

    /// <summary>The repository root: CMESH_HOME (set by the ./cmesh launcher), else the nearest folder up with CMesh.sln.</summary>
    public static string FindHome() =>
        RepositoryRoot.Find(Environment.CurrentDirectory)
        ?? throw new UsageException("cannot find the CMesh repository: run ./cmesh from it, or set CMESH_HOME");
}
