namespace CMesh.Peer.Network;

/// <summary>
/// How long a neighbour may pass on no update before it counts as not forwarding (<see cref="SilentNeighbours{TLink}"/>).
/// Every neighbour passes on at least its own writes, one per write interval, so a window of two intervals holds one
/// of them even when their delays vary; never under 10 s, so that a short hiccup does not cost a link.
/// </summary>
public static class SilenceWindow
{
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(10);

    public static TimeSpan For(TimeSpan writeInterval) => writeInterval * 2 > Shortest ? writeInterval * 2 : Shortest;
}
