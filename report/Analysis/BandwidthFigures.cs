namespace CMesh.Report.Analysis;

/// <summary>Bytes on the wire inside the window: per second for the whole mesh, per link and time bucket, per peer.</summary>
/// <param name="SplitsPayload">The files told useful from redundant payload (runs recorded before they did could not).</param>
public sealed record BandwidthFigures(
    IReadOnlyList<SecondBandwidth> PerSecond,
    IReadOnlyList<LinkBandwidth> Links,
    IReadOnlyDictionary<string, double[]> OpenLinksByPeer,
    IReadOnlyDictionary<string, PeerBandwidth> ByPeer,
    bool SplitsPayload)
{
    public long BytesOut => ByPeer.Values.Sum(p => p.BytesOut);

    public long PayloadBytesOut => ByPeer.Values.Sum(p => p.PayloadBytesOut);

    public long UsefulPayloadBytesIn => ByPeer.Values.Sum(p => p.UsefulPayloadBytesIn);

    public long DuplicatePayloadBytesIn => ByPeer.Values.Sum(p => p.DuplicatePayloadBytesIn);
}

/// <summary>The mesh's bytes during one second: sent (each link counted at its sending end), and payload received useful or duplicate.</summary>
public sealed record SecondBandwidth(int Second, long BytesOut, long PayloadBytesOut, long UsefulPayloadBytesIn, long DuplicatePayloadBytesIn, int OpenLinks)
{
    public long OverheadBytesOut => BytesOut - PayloadBytesOut;
}

/// <summary>A directed link's bytes per second, averaged over each time bucket.</summary>
public sealed record LinkBandwidth(string Peer, string RemotePeer, double[] BytesOutPerSecond)
{
    public string Name => $"{Peer}>{RemotePeer}";
}

/// <summary>One peer's bytes inside the window.</summary>
public sealed record PeerBandwidth(long BytesOut, long PayloadBytesOut, long BytesIn, long UsefulPayloadBytesIn, long DuplicatePayloadBytesIn);
