namespace CMesh.Peer.Sync;

/// <summary>The timings of lazy-push gossip.</summary>
/// <param name="AnnounceDelay">How long announcements gather before one IHAVE per lazy link carries them all.</param>
/// <param name="GraftTimeout">How long an announced update may take to arrive pushed before it is grafted. Above the
/// eager path's p99 on one host, so that grafts, with their duplicates and tree changes, stay rare.</param>
/// <param name="GraftRetry">How long a graft may go unanswered before the next announcer is grafted.</param>
public sealed record LazyPushOptions(TimeSpan AnnounceDelay, TimeSpan GraftTimeout, TimeSpan GraftRetry)
{
    public static readonly LazyPushOptions Default = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(100));
}
