namespace CMesh.Common;

/// <summary>Names of the variables and paths the driver hands to coordinator and peer containers.</summary>
public static class ContainerEnvironment
{
    public const string RunId = "CMESH_RUN_ID";
    public const string PeerId = "CMESH_PEER_ID";
    public const string ExpectedPeers = "CMESH_PEERS";
    public const string CoordinatorUrl = "CMESH_COORDINATOR_URL";
    public const string DataSubnet = "CMESH_DATA_SUBNET";
    public const string WriteIntervalMs = "CMESH_WRITE_INTERVAL_MS";
    public const string PayloadBytes = "CMESH_PAYLOAD_BYTES";
    public const string Degree = "CMESH_DEGREE";
    public const string MaxDegree = "CMESH_MAX_DEGREE";
    public const string HeartbeatIntervalMs = "CMESH_HEARTBEAT_INTERVAL_MS";
    public const string HeartbeatTimeoutMs = "CMESH_HEARTBEAT_TIMEOUT_MS";
    public const string DurationSeconds = "CMESH_DURATION_S";
    public const string SyncMode = "CMESH_SYNC_MODE";
    public const string FreshnessBoundMs = "CMESH_FRESHNESS_BOUND_MS";
    public const string SettleSeconds = "CMESH_SETTLE_S";
    public const string Gossip = "CMESH_GOSSIP";
    public const string WorkloadSeed = "CMESH_WORKLOAD_SEED";

    /// <summary>The sync engine's name; absent or cmesh: the built-in engine.</summary>
    public const string EngineName = "CMESH_ENGINE";

    /// <summary>The engine adapter's command line as a JSON array of strings (docs/engines.md).</summary>
    public const string EngineAdapter = "CMESH_ENGINE_ADAPTER";

    /// <summary>Where an engine keeps its state: inside the container, so it survives a restart but not removal.</summary>
    public const string EngineStatePath = "/var/lib/cmesh/engine";

    public const string ResultsPath = "/results";
    public const string SecretsPath = "/run/secrets";
    public const int CoordinatorPort = 7070;
    public const int PeerDataPort = 7100;

    /// <summary>A peer's GET /state, /events, /metrics and its probe endpoints, on its control-network address.</summary>
    public const int PeerIntrospectionPort = 7101;
    public const string CoordinatorAlias = "coordinator";

    /// <summary>Where a swarm run's agent relays TCP to its node's engine, on the run's agents network.</summary>
    public const int AgentPort = 2375;

    /// <summary>The agents' network alias: the coordinator resolves it to every agent's address.</summary>
    public const string AgentAlias = "agent";

    /// <summary>The engine socket inside an agent's container (bind-mounted from its node).</summary>
    public const string AgentEngineSocket = "/var/run/docker.sock";

    /// <summary>The secret file (under <see cref="SecretsPath"/>) holding the token the coordinator asks of a tunnel to an agent.</summary>
    public const string AgentTokenSecret = "agent_token";
}
