using CMesh.Peer.Network;

namespace CMesh.Peer.Sync;

/// <summary>What the link layer hands to replication: new links, and the frames that are not its own business.</summary>
public interface IReplication
{
    void OnLinkOpened(PeerLink link);

    void OnFrame(PeerLink link, Frame frame, long receivedAtMicros);
}
