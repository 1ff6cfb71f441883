using CMesh.Common;
using CMesh.Common.Contracts;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Coordinator;

/// <summary>Reads the test plan the driver passed in the container's environment.</summary>
public static class PlanFromEnvironment
{
    public static TestPlan Read()
    {
        var degree = EnvironmentSettings.Int(Env.Degree, 4);
        return new TestPlan(
            Peers: EnvironmentSettings.Int(Env.ExpectedPeers, 1),
            WriteIntervalMs: EnvironmentSettings.Int(Env.WriteIntervalMs, 1000),
            PayloadBytes: EnvironmentSettings.Int(Env.PayloadBytes, 64),
            Degree: degree,
            MaxDegree: EnvironmentSettings.Int(Env.MaxDegree, 2 * degree),
            HeartbeatIntervalMs: EnvironmentSettings.Int(Env.HeartbeatIntervalMs, 1000),
            HeartbeatTimeoutMs: EnvironmentSettings.Int(Env.HeartbeatTimeoutMs, 5000),
            DurationSeconds: EnvironmentSettings.OptionalInt(Env.DurationSeconds),
            Sync: Enum.Parse<SyncMode>(EnvironmentSettings.Text(Env.SyncMode, nameof(SyncMode.Delta)), ignoreCase: true),
            FreshnessBoundMs: EnvironmentSettings.Int(Env.FreshnessBoundMs, 5000),
            SettleSeconds: EnvironmentSettings.Int(Env.SettleSeconds, 30),
            Gossip: Enum.Parse<GossipMode>(EnvironmentSettings.Text(Env.Gossip, nameof(GossipMode.Flood)), ignoreCase: true),
            WorkloadSeed: EnvironmentSettings.OptionalInt(Env.WorkloadSeed));
    }
}
