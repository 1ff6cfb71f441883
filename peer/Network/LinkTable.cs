using System.Collections.Concurrent;

namespace CMesh.Peer.Network;

/// <summary>The open links of this peer, one per remote peer.</summary>
public sealed class LinkTable
{
    private readonly ConcurrentDictionary<string, PeerLink> _links = new();
    private readonly TaskCompletionSource _firstOpened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count => _links.Count;

    public IReadOnlyList<string> RemotePeerIds => _links.Keys.Order().ToList();

    public bool Contains(string peerId) => _links.ContainsKey(peerId);

    public PeerLink? Get(string peerId) => _links.GetValueOrDefault(peerId);

    public IReadOnlyList<PeerLink> Open() => _links.Values.ToList();

    /// <summary>Completes when the peer's first link opens.</summary>
    public Task FirstOpened => _firstOpened.Task;

    public bool TryAdd(PeerLink link)
    {
        if (!_links.TryAdd(link.RemotePeerId, link))
        {
            return false;
        }

        _firstOpened.TrySetResult();
        return true;
    }

    public void Remove(PeerLink link) => _links.TryRemove(new KeyValuePair<string, PeerLink>(link.RemotePeerId, link));

    /// <summary>Queues the frame on every open link except the one named.</summary>
    public void Broadcast(Frame frame, string? exceptPeerId = null)
    {
        foreach (var (peerId, link) in _links)
        {
            if (peerId != exceptPeerId)
            {
                link.Send(frame);
            }
        }
    }
}
