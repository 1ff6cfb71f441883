using CMesh.Peer.Network;

namespace CMesh.Peer.Sync;

/// <summary>What the link layer hands to replication: links as they open and close, and the frames that are not its own business.</summary>
public interface IReplication
{
    void OnLinkOpened(PeerLink link);

    /// <summary>The link is out of the link table and sends nothing more.</summary>
    void OnLinkClosed(PeerLink link);

    void OnFrame(PeerLink link, Frame frame, long receivedAtMicros);
}
