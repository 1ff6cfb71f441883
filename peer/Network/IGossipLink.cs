namespace CMesh.Peer.Network;

/// <summary>What gossip needs of a link: the peer it leads to, and a way to queue a frame on it.</summary>
public interface IGossipLink
{
    string RemotePeerId { get; }

    /// <summary>Queues the frame to be written; false when it could not be queued.</summary>
    bool Send(Frame frame);
}
