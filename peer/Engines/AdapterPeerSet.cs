using System.Text.Json;
using CMesh.Common.Contracts;

namespace CMesh.Peer.Engines;

/// <summary>
/// The peers handed to an engine's adapter: the first <c>degree</c> peers heard of (bootstrap first, then discovery)
/// whose adapters gave a contact. The set only grows, so the engine is never told to drop a peer a fault has hidden:
/// whether it reconnects after the heal is what is measured.
/// </summary>
public sealed class AdapterPeerSet(string selfId, int degree)
{
    private readonly List<(string Peer, JsonElement Contact)> _chosen = [];

    public bool Full => _chosen.Count >= degree;

    public IReadOnlyList<(string Peer, JsonElement Contact)> Chosen => _chosen;

    /// <summary>True when the set changed, so the adapter must be told.</summary>
    public bool Add(IEnumerable<PeerAddress> peers)
    {
        var changed = false;
        foreach (var peer in peers)
        {
            if (Full)
            {
                break;
            }

            if (peer.PeerId != selfId && peer.Contact is { ValueKind: JsonValueKind.Object } contact && _chosen.All(c => c.Peer != peer.PeerId))
            {
                _chosen.Add((peer.PeerId, contact));
                changed = true;
            }
        }

        return changed;
    }
}
