using CMesh.Docker.Engine;

namespace CMesh.Docker.Swarm;

/// <summary>How the CLI reaches each node's own engine: the local one for the node it talks to, else the node's <see cref="SwarmLabels.Engine"/> label.</summary>
public static class NodeEndpoints
{
    /// <summary>Null when the node names no endpoint and is not the local engine's.</summary>
    public static string? Of(SwarmNode node, SwarmMembership local) =>
        node.Labels.TryGetValue(SwarmLabels.Engine, out var endpoint) && !string.IsNullOrWhiteSpace(endpoint) ? endpoint.Trim()
        : node.Id == local.NodeId ? Local
        : null;

    /// <summary>The endpoint value meaning "the engine the CLI already talks to" (DOCKER_HOST).</summary>
    public const string Local = "local";

    /// <summary>In a run's layout: the node has no endpoint, so the CLI reaches it through the run's agent (<see cref="Agents.AgentTunnels"/>).</summary>
    public const string Agent = "agent";

    /// <summary>Opens a client of the node's engine; the local engine's is shared, so the caller must not dispose it.</summary>
    public static IDockerEngine Open(string endpoint, IDockerEngine local) =>
        endpoint == Local ? local : new DockerEngineClient(new EngineSettings(DockerEndpoint.Parse(endpoint)));
}
