namespace CMesh.Peer.Network;

/// <summary>Where a candidate was learnt, in rising order of preference.</summary>
public enum CandidateSource
{
    Bootstrap,
    Discovery,
    PeerExchange,
}
