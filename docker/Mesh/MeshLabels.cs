namespace CMesh.Docker.Mesh;

/// <summary>The labels on everything a run creates; cleanup finds its work by them.</summary>
public static class MeshLabels
{
    public const string Managed = "cmesh.managed";
    public const string Run = "cmesh.run";
    public const string Role = "cmesh.role";
    public const string Peer = "cmesh.peer";
    public const string Results = "cmesh.results";

    /// <summary>The hostname of the swarm node a member runs on (swarm runs only).</summary>
    public const string Node = "cmesh.node";

    public const string CoordinatorRole = "coordinator";
    public const string PeerRole = "peer";

    /// <summary>A swarm run's agent on a node the CLI cannot reach itself (<c>Swarm/Agents/</c>).</summary>
    public const string AgentRole = "agent";

    public static IReadOnlyDictionary<string, string> AnyRun { get; } = new Dictionary<string, string> { [Managed] = "true" };

    public static IReadOnlyDictionary<string, string> ForRun(string runId) =>
        new Dictionary<string, string> { [Managed] = "true", [Run] = runId };
}
