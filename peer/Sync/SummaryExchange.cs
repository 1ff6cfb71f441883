using CMesh.Peer.Network;

namespace CMesh.Peer.Sync;

/// <summary>
/// Anti-entropy on one link: the version vectors offered and heard, and what the link's frames showed each end to hold.
/// A link's first summary is whole; each periodic one names only the writers whose watermarks here rose above what the
/// far end already knows this end holds. It knows that from this end's summaries, from every update and announcement
/// this end sent on the link, and from every update it sent this end (a link delivers in order, and what it showed goes
/// with it when it closes). Both ends keep that account by the same rules, each from its own sends and receipts, so a
/// writer whose updates crossed the link is left out of the next summary: at 100 peers, one write per 20 s each,
/// summaries naming every writer that rose were a fifth of the bytes the links carried (bench/README.md).
/// What is heard is likewise every summary of the far end, merged, with every update it sent or was sent here and every
/// update it announced here. It only ever rises on what the far end truly holds, so an update the far end lacks is
/// never taken for held, and an account that lags costs at most an update sent twice.
/// </summary>
public sealed class SummaryExchange
{
    private readonly Lock _gate = new();
    private readonly HeldVector _offered = new();
    private readonly HeldVector _heard = new();

    /// <summary>The whole summary, offered when the link opens.</summary>
    public VersionVector Opening(VersionVector current)
    {
        lock (_gate)
        {
            _offered.Raise(current);
            return current;
        }
    }

    /// <summary>The writers whose watermarks rose above what the far end knows this end holds; all of them before the link's opening summary.</summary>
    public VersionVector Periodic(VersionVector current)
    {
        lock (_gate)
        {
            var rises = current.Entries.Where(e => e.Value > _offered[e.Key]).ToDictionary(StringComparer.Ordinal);
            _offered.Raise(current);
            return new VersionVector(rises);
        }
    }

    /// <summary>Everything the far end is known to hold, with what its summary says now.</summary>
    public VersionVector Heard(VersionVector summary)
    {
        lock (_gate)
        {
            _heard.Raise(summary);
            return _heard.Watermarks();
        }
    }

    /// <summary>A frame queued on the link.</summary>
    public void Sent(Frame frame) => Crossed(frame, announcer: _offered);

    /// <summary>A frame that arrived on the link.</summary>
    public void Received(Frame frame) => Crossed(frame, announcer: _heard);

    /// <summary>An update that crossed the link either way is held at both ends, and both know it; an announcement tells
    /// what the end that made it holds.</summary>
    private void Crossed(Frame frame, HeldVector announcer)
    {
        lock (_gate)
        {
            switch (frame)
            {
                case UpdateFrame { Update: var update }:
                    _offered.Add(update.Writer, update.Sequence, update.Sequence);
                    _heard.Add(update.Writer, update.Sequence, update.Sequence);
                    break;
                case IHaveFrame ihave:
                    foreach (var announced in ihave.Ranges)
                    {
                        announcer.Add(announced.Range);
                    }

                    break;
            }
        }
    }
}
