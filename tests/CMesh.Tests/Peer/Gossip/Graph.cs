namespace CMesh.Tests.Peer.Gossip;

/// <summary>Undirected graphs of peers, as the gossip tests check them.</summary>
internal static class Graph
{
    public static bool IsConnected(IReadOnlyCollection<string> nodes, IReadOnlyCollection<(string A, string B)> edges)
    {
        var reached = new HashSet<string> { nodes.First() };
        var frontier = new Queue<string>(reached);
        while (frontier.TryDequeue(out var node))
        {
            foreach (var next in edges.Where(e => e.A == node).Select(e => e.B).Concat(edges.Where(e => e.B == node).Select(e => e.A)))
            {
                if (reached.Add(next))
                {
                    frontier.Enqueue(next);
                }
            }
        }

        return reached.Count == nodes.Count;
    }

    /// <summary>Connected, and with one edge fewer than nodes: no cycle.</summary>
    public static bool IsSpanningTree(IReadOnlyCollection<string> nodes, IReadOnlyCollection<(string A, string B)> edges) =>
        edges.Count == nodes.Count - 1 && IsConnected(nodes, edges);
}
