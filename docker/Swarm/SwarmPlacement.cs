using CMesh.Docker.Engine;

namespace CMesh.Docker.Swarm;

/// <summary>`--place LABEL=VALUE`: peers only on the nodes whose node label LABEL is VALUE (docker node update --label-add).</summary>
public sealed record PlaceFilter(string Label, string Value)
{
    /// <summary>Null when the text is not LABEL=VALUE with a non-empty label.</summary>
    public static PlaceFilter? Parse(string text) =>
        text.IndexOf('=') is > 0 and var at ? new PlaceFilter(text[..at].Trim(), text[(at + 1)..].Trim()) : null;

    public bool Admits(SwarmNode node) => node.Labels.TryGetValue(Label, out var value) && value == Value;

    public override string ToString() => $"{Label}={Value}";
}

/// <summary>
/// Where each peer goes: round robin over the nodes that may take it (ready and active, and admitted by the
/// <see cref="PlaceFilter"/> when one is given), in a fixed order (managers first, then by hostname), so peer-1 goes to
/// the first, peer-2 to the second, and so on. Each peer's service is then pinned there with a node.id constraint:
/// a stable place for its stable identity, and a layout known before anything starts.
/// </summary>
public static class SwarmPlacement
{
    /// <summary>Peer id to node; throws <see cref="SwarmPlacementException"/> when no node may take a peer.</summary>
    public static IReadOnlyDictionary<string, SwarmNode> Plan(IReadOnlyList<string> peerIds, IReadOnlyList<SwarmNode> nodes, PlaceFilter? place)
    {
        var candidates = Candidates(nodes, place);
        return peerIds.Select((peer, i) => (peer, node: candidates[i % candidates.Count])).ToDictionary(p => p.peer, p => p.node);
    }

    /// <summary>The nodes peers may go to, in placement order.</summary>
    public static IReadOnlyList<SwarmNode> Candidates(IReadOnlyList<SwarmNode> nodes, PlaceFilter? place)
    {
        var ready = nodes.Where(n => n.Schedulable).ToList();
        var admitted = ready.Where(n => place?.Admits(n) ?? true)
            .OrderBy(n => n.Role == "manager" ? 0 : 1)
            .ThenBy(n => n.Hostname, StringComparer.Ordinal)
            .ToList();
        return admitted.Count > 0
            ? admitted
            : throw new SwarmPlacementException(ready.Count == 0
                ? "no node of the swarm is ready and active: `cmesh nodes` shows their state"
                : $"--place {place}: none of the {ready.Count} ready nodes has node label {place!.Label}={place.Value} (add it with `docker node update --label-add {place} NODE`)");
    }

    /// <summary>The node.id constraint that pins a service to the node.</summary>
    public static string Constraint(SwarmNode node) => $"node.id=={node.Id}";
}

/// <summary>No node of the swarm may take the run's peers (or coordinator); nothing has been started.</summary>
public sealed class SwarmPlacementException(string message) : InvalidOperationException(message);
