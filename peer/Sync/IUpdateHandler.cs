using CMesh.Peer.Network;

namespace CMesh.Peer.Sync;

/// <summary>Receives updates as links decode them.</summary>
public interface IUpdateHandler
{
    void OnUpdate(PeerLink from, Update update, long receivedAtMicros);
}
