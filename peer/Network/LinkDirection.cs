namespace CMesh.Peer.Network;

public enum LinkDirection
{
    /// <summary>We dialed the remote peer.</summary>
    Outbound,

    /// <summary>The remote peer dialed us.</summary>
    Inbound,
}
