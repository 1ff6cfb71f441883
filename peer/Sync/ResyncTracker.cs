using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Peer.Network;
using CMesh.Peer.Records;

namespace CMesh.Peer.Sync;

/// <summary>
/// Measures resync latency: when a link opens and the other end's version vector shows updates this peer lacks, an
/// episode starts; it ends when this peer holds everything that summary held, whichever link brought it.
/// </summary>
public sealed class ResyncTracker(PeerRecords records, SyncMode mode)
{
    private readonly List<Episode> _open = [];
    private readonly Lock _gate = new();
    private bool _firstLinkSeen;

    public int Open
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    public void Expect(PeerLink link, VersionVector local, VersionVector remote)
    {
        lock (_gate)
        {
            var trigger = _firstLinkSeen ? "reconnect" : "first-link";
            _firstLinkSeen = true;
            var lacking = local.Lacking(remote);
            if (lacking > 0)
            {
                _open.Add(new Episode(link, trigger, UnixTime.NowMicros(), remote, lacking, link.Statistics.Snapshot().BytesIn));
            }
        }
    }

    public void Progress(ISyncEngine store)
    {
        lock (_gate)
        {
            if (_open.Count == 0)
            {
                return;
            }

            var held = store.Summary();
            foreach (var done in _open.Where(e => held.Covers(e.Target)).ToList())
            {
                _open.Remove(done);
                var now = UnixTime.NowMicros();
                records.Resync(done.StartedAtMicros, now, done.Link.RemotePeerId, done.Trigger, mode,
                    done.Lacking, done.Link.Statistics.Snapshot().BytesIn - done.BytesInAtStart);
            }
        }
    }

    private sealed record Episode(PeerLink Link, string Trigger, long StartedAtMicros, VersionVector Target, long Lacking, long BytesInAtStart);
}
