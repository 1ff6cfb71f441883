namespace CMesh.Peer.Network;

/// <summary>What gossip needs of a link: the peer it leads to, and a way to queue frames on it.</summary>
public interface IGossipLink
{
    string RemotePeerId { get; }

    /// <summary>Queues the frame to be written; false when it could not be queued.</summary>
    bool Send(Frame frame);

    /// <summary>
    /// Queues the frames to be written together, in one write as far as they fit the link's buffer: a prune or an
    /// announcement that goes with a push then costs both peers no segment, system call or wake-up of its own. False
    /// when any could not be queued.
    /// </summary>
    bool Send(IReadOnlyList<Frame> frames)
    {
        var queued = true;
        foreach (var frame in frames)
        {
            queued &= Send(frame);
        }

        return queued;
    }
}
