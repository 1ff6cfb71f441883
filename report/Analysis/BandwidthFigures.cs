namespace CMesh.Report.Analysis;

/// <summary>Bytes on the wire: per second for the whole mesh, per link and time bucket, open links per peer.</summary>
public sealed record BandwidthFigures(
    IReadOnlyList<SecondBandwidth> PerSecond,
    IReadOnlyList<LinkBandwidth> Links,
    IReadOnlyDictionary<string, double[]> OpenLinksByPeer,
    IReadOnlyDictionary<string, PeerBandwidth> ByPeer);

/// <summary>The mesh's bytes sent during one second (each link counted once, at its sending end).</summary>
public sealed record SecondBandwidth(int Second, long BytesOut, long PayloadBytesOut, int OpenLinks);

/// <summary>A directed link's bytes per second, averaged over each time bucket.</summary>
public sealed record LinkBandwidth(string Peer, string RemotePeer, double[] BytesOutPerSecond)
{
    public string Name => $"{Peer}>{RemotePeer}";
}

public sealed record PeerBandwidth(long BytesOut, long PayloadBytesOut, long BytesIn);
