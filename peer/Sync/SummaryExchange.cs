namespace CMesh.Peer.Sync;

/// <summary>
/// The version vectors offered and heard on each link. A link's first summary is whole; each periodic one names only
/// the writers whose watermark rose since the last summary offered on that link, and the far end merges what it hears
/// into what it heard before, as a watermark only rises while a link lasts (a restarted peer comes back on a new link).
/// Whole, every periodic summary named every writer on every link: at 100 peers, one write per 20 s each, that was over
/// half the bytes the links carried (bench/README.md). Merging, rather than replacing, keeps what is heard right
/// whichever of two summaries offered at once is sent first.
/// </summary>
/// <typeparam name="TLink">A link; a new link to the same peer is another.</typeparam>
public sealed class SummaryExchange<TLink>
    where TLink : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TLink, VersionVector> _offered = [];
    private readonly Dictionary<TLink, VersionVector> _heard = [];

    /// <summary>The whole summary, offered when the link opens.</summary>
    public VersionVector Opening(TLink link, VersionVector current)
    {
        lock (_gate)
        {
            _offered[link] = current;
            return current;
        }
    }

    /// <summary>The writers whose watermarks rose since the last summary offered on the link; every writer on a link
    /// not yet opened here (or closed already), whose offers are not kept.</summary>
    public VersionVector Periodic(TLink link, VersionVector current)
    {
        lock (_gate)
        {
            if (!_offered.TryGetValue(link, out var offered))
            {
                return current;
            }

            _offered[link] = Merge(offered, current);
            return Rises(offered, current);
        }
    }

    /// <summary>Everything the far end has said it holds, with what it says now.</summary>
    public VersionVector Heard(TLink link, VersionVector summary)
    {
        lock (_gate)
        {
            return _heard[link] = Merge(_heard.GetValueOrDefault(link), summary);
        }
    }

    public void Forget(TLink link)
    {
        lock (_gate)
        {
            _offered.Remove(link);
            _heard.Remove(link);
        }
    }

    private static VersionVector Rises(VersionVector before, VersionVector now) =>
        new(now.Entries.Where(e => e.Value > before[e.Key]).ToDictionary(StringComparer.Ordinal));

    private static VersionVector Merge(VersionVector? before, VersionVector now)
    {
        if (before is null)
        {
            return now;
        }

        var merged = new Dictionary<string, long>(before.Entries, StringComparer.Ordinal);
        foreach (var (writer, watermark) in now.Entries)
        {
            merged[writer] = Math.Max(watermark, merged.GetValueOrDefault(writer));
        }

        return new VersionVector(merged);
    }
}
