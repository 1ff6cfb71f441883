namespace CMesh.Tests.Peer.Gossip;

/// <summary>Undirected graphs of peers, as the gossip tests check them.</summary>
internal static class Graph
{
    public static bool IsConnected(IReadOnlyCollection<string> nodes, IReadOnlyCollection<(string A, string B)> edges) =>
        Distances(nodes.First(), edges).Count == nodes.Count;

    /// <summary>The fewest edges from the source to each node it reaches (breadth first).</summary>
    public static Dictionary<string, int> Distances(string source, IReadOnlyCollection<(string A, string B)> edges)
    {
        var distances = new Dictionary<string, int>(StringComparer.Ordinal) { [source] = 0 };
        var frontier = new Queue<string>([source]);
        while (frontier.TryDequeue(out var node))
        {
            foreach (var next in edges.Where(e => e.A == node).Select(e => e.B).Concat(edges.Where(e => e.B == node).Select(e => e.A)))
            {
                if (distances.TryAdd(next, distances[node] + 1))
                {
                    frontier.Enqueue(next);
                }
            }
        }

        return distances;
    }

    /// <summary>Connected, and with one edge fewer than nodes: no cycle.</summary>
    public static bool IsSpanningTree(IReadOnlyCollection<string> nodes, IReadOnlyCollection<(string A, string B)> edges) =>
        edges.Count == nodes.Count - 1 && IsConnected(nodes, edges);
}
