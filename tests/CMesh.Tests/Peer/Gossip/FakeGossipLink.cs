using CMesh.Peer.Network;

namespace CMesh.Tests.Peer.Gossip;

/// <summary>A link that keeps what is sent on it, for gossip tests that need no sockets.</summary>
internal sealed class FakeGossipLink(string remotePeerId) : IGossipLink
{
    private readonly List<IReadOnlyList<Frame>> _writes = [];

    public string RemotePeerId => remotePeerId;

    public bool Send(Frame frame)
    {
        _writes.Add([frame]);
        return true;
    }

    public bool Send(IReadOnlyList<Frame> frames)
    {
        _writes.Add([.. frames]);
        return true;
    }

    /// <summary>The frames sent since the last call.</summary>
    public IReadOnlyList<Frame> Take() => [.. TakeWrites().SelectMany(w => w)];

    /// <summary>The sends since the last call, each with the frames it queued together.</summary>
    public IReadOnlyList<IReadOnlyList<Frame>> TakeWrites()
    {
        var writes = _writes.ToList();
        _writes.Clear();
        return writes;
    }
}
