using CMesh.Peer.Network;

namespace CMesh.Tests.Peer.Gossip;

/// <summary>A link that keeps what is sent on it, for gossip tests that need no sockets.</summary>
internal sealed class FakeGossipLink(string remotePeerId) : IGossipLink
{
    private readonly List<Frame> _sent = [];

    public string RemotePeerId => remotePeerId;

    public bool Send(Frame frame)
    {
        _sent.Add(frame);
        return true;
    }

    /// <summary>The frames sent since the last call.</summary>
    public IReadOnlyList<Frame> Take()
    {
        var sent = _sent.ToList();
        _sent.Clear();
        return sent;
    }
}
